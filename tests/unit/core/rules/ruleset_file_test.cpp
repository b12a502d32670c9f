// Ruleset files: the shipped ones parse; errors name file, line and field; parameters are listed.
#include "io/ruleset_file.hpp"

#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace pdz::io {

TEST(RulesetFile, ShippedRulesetsParseAndListTheirParameters) {
  for (const char* code : {"lombardia-2015-2017", "lombardia-2018-2020", "lombardia-2021-2023", "calabria-2020-2022"}) {
    std::string file = std::string("data/rulesets/") + code + ".json";
    auto rs = ParseRulesetJson(testing::ReadSourceFile(file), file);
    ASSERT_TRUE(rs) << code << ": " << rs.error().message << " "
                    << (rs.error().details.empty() ? "" : rs.error().details[0].field);
    EXPECT_EQ(rs->code, code);
  }
  auto rs = ParseRulesetJson(testing::ReadSourceFile("data/rulesets/lombardia-2018-2020.json"), "l18.json");
  EXPECT_EQ(rs->premialita.cap_per_ambito, 6000000);
  EXPECT_EQ(rs->parameters, (std::vector<std::string>{"premialita.budget_cents", "allocation.reward_pot_cents"}));
  EXPECT_TRUE(rs->allocation.present);
  EXPECT_EQ(rs->allocation.act, "DGR 7631/2017");
  EXPECT_EQ(rs->allocation.parameters, std::vector<std::string>{"reward_pot_cents"});
  EXPECT_FALSE(rs->allocation.fixed_quota);  // absent: not a component of the method
  auto cal = ParseRulesetJson(testing::ReadSourceFile("data/rulesets/calabria-2020-2022.json"), "cal.json");
  EXPECT_EQ(cal->deadlines[1].within_days, 30);
}

TEST(RulesetFile, ErrorsNameTheLineAndField) {
  std::string text =
      "{\n"
      "  \"format\": \"pdz-ruleset/1\", \"code\": \"x\", \"region\": \"03\", \"title\": \"T\", \"act\": \"A\",\n"
      "  \"period\": {\"from\": \"2018-01-01\", \"to\": \"2020-12-31\"},\n"
      "  \"premialita\": {\"rules\": [\n"
      "    {\"id\": \"l1\", \"title\": \"L1\", \"kind\": \"date_tier\", \"date_fact\": \"d\",\n"
      "     \"tiers\": [{\"to\": \"2018-06-30\", \"amount_cents\": 1}, {\"from\": \"2018-06-01\", \"amount_cents\": "
      "2}]}\n"
      "  ]},\n"
      "  \"colour\": \"red\"\n"
      "}\n";
  auto rs = ParseRulesetJson(text, "bad.json");
  ASSERT_FALSE(rs);
  std::map<std::string, std::int64_t> rows;
  for (const auto& d : rs.error().details) {
    EXPECT_EQ(d.file, "bad.json");
    rows[d.field] = d.row;
  }
  EXPECT_EQ(rows.at("colour"), 8);
  EXPECT_EQ(rows.at("premialita.rules[0].act"), 5);       // missing: the line of its object
  EXPECT_EQ(rows.at("premialita.rules[0].tiers[1]"), 6);  // overlapping tier
}

TEST(RulesetFile, UnknownRuleKindAndNegativeAmountAreRefused) {
  std::string text = R"({"format":"pdz-ruleset/1","code":"x","region":"03","title":"T","act":"A",
    "period":{"from":"2018-01-01","to":"2020-12-31"},
    "premialita":{"rules":[{"id":"a","title":"A","act":"X","kind":"lottery","amount_cents":1},
                           {"id":"b","title":"B","act":"X","kind":"objective","objective":"1","amount_cents":-5}]}})";
  auto rs = ParseRulesetJson(text, "bad.json");
  ASSERT_FALSE(rs);
  std::vector<std::string> fields;
  for (const auto& d : rs.error().details) fields.push_back(d.field);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "premialita.rules[0].kind"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "premialita.rules[1].amount_cents"), fields.end());
}

TEST(RulesetFile, AllocationComponentsAreCheckedAndNullsAreParameters) {
  std::string text = R"({"format":"pdz-ruleset/1","code":"x","region":"03","title":"T","act":"A",
    "period":{"from":"2018-01-01","to":"2020-12-31"},
    "allocation":{"act":"DGR 1/2020","fixed_quota_cents":500000,"cut_bp":12000,"integration_threshold_bp":null,
                  "age_weights":[{"band":"65+","weight_bp":15000}],"colour":"red"}})";
  auto rs = ParseRulesetJson(text, "alloc.json");
  ASSERT_FALSE(rs);
  std::vector<std::string> fields;
  for (const auto& d : rs.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"allocation.colour", "allocation.cut_bp"}));
  std::string ok = R"({"format":"pdz-ruleset/1","code":"x","region":"03","title":"T","act":"A",
    "period":{"from":"2018-01-01","to":"2020-12-31"},
    "allocation":{"act":"DGR 1/2020","fixed_quota_cents":500000,"integration_threshold_bp":null,
                  "age_weights":[{"band":"65+","weight_bp":15000}]}})";
  auto good = ParseRulesetJson(ok, "alloc.json");
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_EQ(good->allocation.fixed_quota, 500000);
  EXPECT_EQ(good->allocation.parameters, std::vector<std::string>{"integration_threshold_bp"});
  EXPECT_EQ(good->parameters, std::vector<std::string>{"allocation.integration_threshold_bp"});
  ASSERT_EQ(good->allocation.age_weights.size(), 1u);
  EXPECT_EQ(good->allocation.age_weights[0].weight_bp, 15000);
}

TEST(RulesetFile, DeadlinesNameAKnownStateAndEvent) {
  auto cal = ParseRulesetJson(testing::ReadSourceFile("data/rulesets/calabria-2020-2022.json"), "cal.json");
  ASSERT_TRUE(cal);
  EXPECT_EQ(cal->deadlines[1].met_by, "approvato_regione");
  EXPECT_EQ(cal->deadlines[1].after_event, "ricezione");
  EXPECT_FALSE(cal->adp.commissario_ad_acta_act.empty());
  std::string text = R"({"format":"pdz-ruleset/1","code":"x","region":"03","title":"T","act":"A",
    "period":{"from":"2018-01-01","to":"2020-12-31"},
    "deadlines":[{"code":"d","title":"D","act":"X","within_days":30,"after_event":"protocollo","met_by":"approvato"}]})";
  auto rs = ParseRulesetJson(text, "bad.json");
  ASSERT_FALSE(rs);
  std::vector<std::string> fields;
  for (const auto& d : rs.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"deadlines[0].after_event", "deadlines[0].met_by"}));
}

}  // namespace pdz::io

namespace pdz::io {

TEST(RulesetFile, MonitoringThresholdsAndEvaluationQuestions) {
  auto cal = ParseRulesetJson(testing::ReadSourceFile("data/rulesets/calabria-2020-2022.json"), "cal.json");
  ASSERT_TRUE(cal);
  EXPECT_TRUE(cal->monitoring.present);
  EXPECT_DOUBLE_EQ(cal->monitoring.on_track, 0.9);
  EXPECT_NE(cal->monitoring.thresholds_source.find("parametro regionale"), std::string::npos);
  int esiti = 0, impatto_rated = 0;
  for (const auto& q : cal->monitoring.questions) {
    esiti += q.level == "esiti";
    impatto_rated += q.level == "impatto" && q.rating;
  }
  EXPECT_EQ(esiti, 4);
  EXPECT_EQ(impatto_rated, 2);
  auto l18 = ParseRulesetJson(testing::ReadSourceFile("data/rulesets/lombardia-2018-2020.json"), "l18.json");
  EXPECT_FALSE(l18->monitoring.present);  // the defaults apply, said so

  std::string text =
      "{\"format\": \"pdz-ruleset/1\", \"code\": \"x\", \"region\": \"03\", \"title\": \"T\", \"act\": \"A\",\n"
      " \"period\": {\"from\": \"2018-01-01\", \"to\": \"2020-12-31\"},\n"
      " \"monitoring\": {\"act\": \"A\", \"thresholds\": {\"on_track\": 0.5, \"at_risk\": 0.7, \"source\": \"A\"},\n"
      "   \"evaluation\": {\"esiti\": [{\"code\": \"a\", \"question\": \"Q?\"}, {\"code\": \"a\", \"question\": "
      "\"R?\"}],\n"
      "                  \"effetti\": []}}}\n";
  auto bad = ParseRulesetJson(text, "bad.json");
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& d : bad.error().details) fields.push_back(d.field);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "monitoring.thresholds.at_risk"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "monitoring.evaluation.effetti"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "monitoring.evaluation.esiti[1].code"), fields.end());
}

}  // namespace pdz::io

namespace pdz::io {

TEST(RulesetFile, MonitoringReportsAreReadAndCheckedByPath) {
  auto cal = ParseRulesetJson(testing::ReadSourceFile("data/rulesets/calabria-2020-2022.json"), "cal.json");
  ASSERT_TRUE(cal);
  ASSERT_EQ(cal->monitoring.reports.size(), 3u);
  EXPECT_EQ(cal->monitoring.reports[1].kind, "avanzamento");
  EXPECT_EQ(cal->monitoring.reports[1].every_months, 12);
  EXPECT_EQ(cal->monitoring.reports[1].due_after_days, 90);
  EXPECT_EQ(cal->monitoring.reports[2].due_after_period_days, 120);
  EXPECT_NE(cal->monitoring.reports[0].act.find("parametro regionale"), std::string::npos);
  auto l15 = ParseRulesetJson(testing::ReadSourceFile("data/rulesets/lombardia-2015-2017.json"), "l15.json");
  ASSERT_TRUE(l15);
  EXPECT_EQ(l15->monitoring.reports.size(), 3u);

  std::string text =
      "{\"format\": \"pdz-ruleset/1\", \"code\": \"x\", \"region\": \"03\", \"title\": \"T\", \"act\": \"A\",\n"
      " \"period\": {\"from\": \"2018-01-01\", \"to\": \"2020-12-31\"},\n"
      " \"monitoring\": {\"act\": \"A\", \"reports\": [\n"
      "   {\"kind\": \"finale\", \"label\": \"L\", \"act\": \"A\", \"due\": \"2021-02-30\"},\n"
      "   {\"kind\": \"avanzamento\", \"label\": \"L\", \"act\": \"A\", \"every_months\": 0},\n"
      "   {\"kind\": \"consuntivo\", \"act\": \"A\"},\n"
      "   {\"kind\": \"previsione\", \"label\": \"L\", \"act\": \"A\", \"due\": \"2018-03-31\",\n"
      "    \"due_after_start_days\": 30, \"quando\": 1}]}}\n";
  auto bad = ParseRulesetJson(text, "bad.json");
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& d : bad.error().details) fields.push_back(d.field);
  auto has = [&](const char* f) { return std::find(fields.begin(), fields.end(), f) != fields.end(); };
  EXPECT_TRUE(has("monitoring.reports[0].kind"));
  EXPECT_TRUE(has("monitoring.reports[0].due"));
  EXPECT_TRUE(has("monitoring.reports[1].every_months"));
  EXPECT_TRUE(has("monitoring.reports[1].due_after_days"));
  EXPECT_TRUE(has("monitoring.reports[2].label"));
  EXPECT_TRUE(has("monitoring.reports[2]"));  // no due rule
  EXPECT_TRUE(has("monitoring.reports[3]"));  // two due rules
  EXPECT_TRUE(has("monitoring.reports[3].quando"));
}

}  // namespace pdz::io
