// Runs each engine step as its own child process, timing it and following its peak memory
// (VmHWM in /proc/PID/status, the resident high-water mark the kernel keeps for the process).
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const kPollMs = 50;

/** VmHWM of a live process in MiB, or 0 when it has already gone. */
export function peakMiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `cmd args`, returns {code, stdout, stderr, seconds, peakMiB}. The peak is polled every
 * 50 ms, so a spike in a process's last 50 ms could be missed; engines that can read their own
 * VmHWM at the end report it too, and the caller keeps the larger.
 */
export function run(cmd, args, { input = null, cwd, env, echoStderr = false } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: -1, stdout: '', stderr: String(e.message), seconds: 0, peakMiB: 0 });
      return;
    }
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, peakMiB(child.pid));
    }, kPollMs);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      err.push(d);
      if (echoStderr) process.stderr.write(d);
    });
    child.on('error', (e) => err.push(Buffer.from(String(e.message))));
    // 'exit' fires before the streams close; take a last reading while /proc may still hold it.
    child.on('exit', () => {
      peak = Math.max(peak, peakMiB(child.pid));
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
        peakMiB: peak,
      });
    });
    child.stdin.on('error', () => {}); // a child that exits early closes its stdin
    if (input !== null) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Throws with the child's own message when it failed. */
export function check(result, what) {
  if (result.code !== 0) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`${what} failed (exit ${result.code}):\n${tail}`);
  }
  return result;
}
