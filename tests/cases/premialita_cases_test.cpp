// Runs every premialità case file in tests/cases/premialita: a shipped ruleset, parameters the
// Region fills, facts, and the expected rewards (or error), each case citing its act.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/rules/premialita.hpp"
#include "io/ruleset_file.hpp"
#include "support/test_db.hpp"

namespace pdz {
namespace {

using nlohmann::json;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(PDZ_SOURCE_DIR) + "/tests/cases/premialita")) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class PremialitaCase : public ::testing::TestWithParam<std::string> {};

TEST_P(PremialitaCase, MatchesTheAct) {
  json c = json::parse(testing::ReadSourceFile("tests/cases/premialita/" + GetParam()));
  ASSERT_TRUE(c.contains("name") && c.contains("description") && c.contains("act")) << "a case names itself and its act";
  std::string ruleset_file = "data/rulesets/" + c["ruleset"].get<std::string>() + ".json";
  auto ruleset = io::ParseRulesetJson(testing::ReadSourceFile(ruleset_file), ruleset_file);
  ASSERT_TRUE(ruleset) << ruleset.error().message;
  core::PremialitaRules rules = ruleset->premialita;
  if (c.contains("parameters")) {
    for (auto it = c["parameters"].begin(); it != c["parameters"].end(); ++it) {
      ASSERT_TRUE(core::SetPremialitaParameter(rules, it.key(), it.value().get<core::Cents>()));
    }
  }
  auto facts = io::ParsePremialitaFacts(c["facts"].dump(), GetParam());
  const json& expect = c["expect"];
  auto result = facts ? core::ComputePremialita(rules, *facts) : Result<core::PremialitaResult>(facts.error());
  if (expect.contains("error")) {
    ASSERT_FALSE(result) << c["name"] << ": expected an error";
    std::string all = result.error().message;
    for (const auto& d : result.error().details) all += " " + d.field + " " + d.reason;
    EXPECT_NE(all.find(expect["error"].get<std::string>()), std::string::npos) << all;
    if (expect.contains("field")) {
      ASSERT_FALSE(result.error().details.empty());
      EXPECT_EQ(result.error().details[0].field, expect["field"]);
    }
    return;
  }
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->total, expect["total_cents"].get<core::Cents>());
  if (expect.contains("claimed_cents")) {
    EXPECT_EQ(result->claimed, expect["claimed_cents"].get<core::Cents>());
  }
  core::Cents sum = 0;
  for (const auto& a : result->ambiti) {
    core::Cents lines = 0;
    for (const auto& l : a.lines) lines += l.amount;
    EXPECT_EQ(lines, a.total) << a.code << ": the lines explain every cent";
    sum += a.total;
  }
  EXPECT_EQ(sum, result->total);
  for (const auto& ea : expect["ambiti"]) {
    auto it = std::find_if(result->ambiti.begin(), result->ambiti.end(), [&](const auto& a) { return a.code == ea["code"]; });
    ASSERT_NE(it, result->ambiti.end()) << ea["code"];
    EXPECT_EQ(it->total, ea["total_cents"].get<core::Cents>()) << ea["code"];
    for (const auto& el : ea.value("lines", json::array())) {
      auto line = std::find_if(it->lines.begin(), it->lines.end(), [&](const auto& l) { return l.rule == el["rule"]; });
      ASSERT_NE(line, it->lines.end()) << ea["code"] << " has no line for " << el["rule"];
      EXPECT_EQ(line->amount, el["amount_cents"].get<core::Cents>()) << ea["code"] << " " << el["rule"] << ": " << line->reason;
      EXPECT_FALSE(line->act.empty());
      EXPECT_FALSE(line->reason.empty());
    }
    for (const auto& rule : ea.value("no_rule", json::array())) {
      EXPECT_TRUE(std::none_of(it->lines.begin(), it->lines.end(), [&](const auto& l) { return l.rule == rule; })) << rule;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Files, PremialitaCase, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (auto& ch : n) if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

}  // namespace
}  // namespace pdz
