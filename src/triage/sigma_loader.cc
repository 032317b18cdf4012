#include "triage/sigma_loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "triage/sigma_condition.h"
#include "triage/sigma_logsource.h"
#include "triage/sigma_value.h"

namespace hikeshi::triage {
namespace {

// Thrown inside this file only (never escapes ParseSigmaRules): a rule we cannot take.
struct Refusal {
  std::string reason;
};

class DocumentReader {
 public:
  DocumentReader(const SigmaLoadLimits& limits) : limits_(limits) {}

  void Visit() {
    if (++nodes_ > limits_.max_nodes) throw Refusal{"too many YAML nodes (alias bomb?)"};
  }

  std::optional<std::string> Scalar(const YAML::Node& node, std::string_view what) {
    Visit();
    if (!node || node.IsNull()) return std::nullopt;
    if (!node.IsScalar()) throw Refusal{fmt::format("{} must be a scalar", what)};
    return node.Scalar();
  }

  std::string Text(const YAML::Node& node, std::string_view what) {
    return Scalar(node, what).value_or("");
  }

  std::vector<std::string> Strings(const YAML::Node& node, std::string_view what) {
    std::vector<std::string> out;
    Visit();
    if (!node || node.IsNull()) return out;
    if (node.IsScalar()) {
      out.push_back(node.Scalar());
      return out;
    }
    if (!node.IsSequence()) throw Refusal{fmt::format("{} must be a list", what)};
    for (const YAML::Node& element : node) {
      auto text = Scalar(element, what);
      if (text) out.push_back(*text);
    }
    return out;
  }

  // `Field|mod|mod: value(s)` into an item of `rule`.
  void AddItem(SigmaRule& rule, std::string_view key, const YAML::Node& value,
               std::vector<uint32_t>& into) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
      size_t bar = key.find('|', start);
      parts.push_back(key.substr(start, bar - start));
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    std::string_view rule_field = parts.front();
    std::vector<std::string_view> modifiers(parts.begin() + 1, parts.end());
    std::vector<std::optional<std::string>> values;
    Visit();
    if (value.IsSequence()) {
      for (const YAML::Node& element : value) {
        Visit();
        if (element.IsMap() || element.IsSequence()) {
          throw Refusal{fmt::format("field '{}' has a nested value", rule_field)};
        }
        values.push_back(Scalar(element, "value"));
        if (values.size() > limits_.max_values_per_item) throw Refusal{"too many values"};
      }
    } else if (value.IsMap()) {
      throw Refusal{fmt::format("field '{}' has a map as value", rule_field)};
    } else {
      values.push_back(Scalar(value, "value"));
    }
    std::string field(MapSigmaField(rule_field));
    auto item = BuildSigmaItem(field, rule_field, modifiers, values);
    if (!item) throw Refusal{fmt::format("field '{}': {}", key, item.error().message)};
    if (item->kind == SigmaItemKind::kFieldRef) {
      for (SigmaValue& v : item->values) v.other_field = std::string(MapSigmaField(v.other_field));
    }
    into.push_back(static_cast<uint32_t>(rule.items.size()));
    rule.items.push_back(std::move(*item));
  }

  std::vector<uint32_t> MapAlternative(SigmaRule& rule, const YAML::Node& map) {
    std::vector<uint32_t> items;
    for (const auto& entry : map) {
      std::string key = Text(entry.first, "field name");
      AddItem(rule, key, entry.second, items);
    }
    return items;
  }

  void AddSelection(SigmaRule& rule, const std::string& name, const YAML::Node& node) {
    SigmaSelection selection;
    selection.name = name;
    Visit();
    if (node.IsMap()) {
      selection.alternatives.push_back(MapAlternative(rule, node));
    } else if (node.IsSequence()) {
      bool maps = false, scalars = false;
      for (const YAML::Node& element : node) {
        Visit();
        maps |= element.IsMap();
        scalars |= element.IsScalar() || element.IsNull();
        if (element.IsSequence()) throw Refusal{fmt::format("'{}' nests lists", name)};
      }
      if (maps && scalars) throw Refusal{fmt::format("'{}' mixes maps and keywords", name)};
      if (maps) {
        for (const YAML::Node& element : node) {
          selection.alternatives.push_back(MapAlternative(rule, element));
        }
      } else {
        std::vector<uint32_t> items;
        AddItem(rule, "", node, items);
        selection.alternatives.push_back(std::move(items));
      }
    } else if (node.IsScalar()) {
      std::vector<uint32_t> items;
      AddItem(rule, "", node, items);
      selection.alternatives.push_back(std::move(items));
    } else {
      throw Refusal{fmt::format("search identifier '{}' is empty", name)};
    }
    rule.selections.push_back(std::move(selection));
  }

  void ReadDetection(SigmaRule& rule, const YAML::Node& detection) {
    if (!detection.IsMap()) throw Refusal{"detection must be a map"};
    YAML::Node condition_node;
    for (const auto& entry : detection) {
      std::string key = Text(entry.first, "search identifier");
      if (key == "condition") {
        condition_node = entry.second;
      } else if (key == "timeframe") {
        continue;  // only meaningful with the deprecated aggregations, refused by the parser
      } else {
        if (rule.selections.size() >= limits_.max_identifiers) {
          throw Refusal{"too many search identifiers"};
        }
        AddSelection(rule, key, entry.second);
      }
    }
    std::vector<std::string> conditions = Strings(condition_node, "condition");
    if (conditions.empty()) throw Refusal{"detection has no condition"};
    std::vector<std::string> names;
    for (const SigmaSelection& selection : rule.selections) names.push_back(selection.name);
    // Several conditions (the old list form) are alternatives.
    auto root = std::make_unique<SigmaCondition>();
    root->op = SigmaCondition::Op::kOr;
    for (const std::string& text : conditions) {
      auto parsed = ParseSigmaCondition(text, names);
      if (!parsed) throw Refusal{parsed.error().message};
      root->children.push_back(std::move(*parsed));
    }
    rule.condition =
        root->children.size() == 1 ? std::move(root->children.front()) : std::move(root);
  }

  std::optional<int64_t> Count(const YAML::Node& node) {
    auto text = Scalar(node, "correlation condition");
    if (!text) return std::nullopt;
    int64_t value = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size() || value < 0) {
      throw Refusal{fmt::format("correlation condition value '{}' is not a count", *text)};
    }
    return value;
  }

  void ReadCorrelation(SigmaRule& rule, const YAML::Node& node, const YAML::Node& document) {
    if (!node.IsMap()) throw Refusal{"correlation must be a map"};
    SigmaCorrelation c;
    std::string type = Text(node["type"], "correlation type");
    if (type == "event_count") {
      c.type = SigmaCorrelationType::kEventCount;
    } else if (type == "value_count") {
      c.type = SigmaCorrelationType::kValueCount;
    } else if (type == "temporal") {
      c.type = SigmaCorrelationType::kTemporal;
    } else if (type == "temporal_ordered") {
      c.type = SigmaCorrelationType::kTemporalOrdered;
    } else {
      throw Refusal{fmt::format("correlation type '{}' is not supported", type)};
    }
    c.rules = Strings(node["rules"], "correlation rules");
    if (c.rules.empty()) throw Refusal{"correlation names no rules"};
    for (std::string& field : Strings(node["group-by"], "group-by")) {
      c.group_by.emplace_back(MapSigmaField(field));
    }
    auto span = ParseSigmaTimespan(Text(node["timespan"], "timespan"));
    if (!span || *span <= 0 || *span > limits_.max_timespan_us) {
      throw Refusal{"timespan missing, malformed (e.g. 5m, 1h) or longer than 31 days"};
    }
    c.timespan_us = *span;
    YAML::Node condition = node["condition"];
    if (condition && condition.IsMap()) {
      for (const auto& entry : condition) {
        std::string key = Text(entry.first, "condition key");
        if (key == "field") {
          c.value_field = std::string(MapSigmaField(Text(entry.second, "field")));
        } else if (key == "gt") {
          c.gt = Count(entry.second);
        } else if (key == "gte") {
          c.gte = Count(entry.second);
        } else if (key == "lt") {
          c.lt = Count(entry.second);
        } else if (key == "lte") {
          c.lte = Count(entry.second);
        } else if (key == "eq") {
          c.eq = Count(entry.second);
        } else if (key == "neq") {
          c.neq = Count(entry.second);
        } else {
          throw Refusal{fmt::format("correlation condition '{}' is not supported", key)};
        }
      }
    } else if (condition && !condition.IsNull()) {
      throw Refusal{"correlation condition must be a map"};
    }
    bool temporal = c.type == SigmaCorrelationType::kTemporal ||
                    c.type == SigmaCorrelationType::kTemporalOrdered;
    bool any_bound = c.gt || c.gte || c.lt || c.lte || c.eq || c.neq;
    if (!temporal && !any_bound) throw Refusal{"correlation condition has no gt/gte/lt/lte/eq"};
    if (c.type == SigmaCorrelationType::kValueCount && c.value_field.empty()) {
      throw Refusal{"value_count needs condition.field"};
    }
    if (!temporal && c.group_by.empty()) {
      // group-by is mandatory in the specification, but counting over everything is useful.
    }
    YAML::Node generate = node["generate"] ? node["generate"] : document["generate"];
    std::string generate_text = Text(generate, "generate");
    c.generate = generate_text == "true" || generate_text == "True" || generate_text == "yes";
    YAML::Node aliases = node["aliases"];
    if (aliases && aliases.IsMap()) {
      for (const auto& alias : aliases) {
        std::string alias_name = Text(alias.first, "alias");
        if (!alias.second.IsMap()) throw Refusal{"alias must map rule names to fields"};
        for (const auto& entry : alias.second) {
          c.aliases[alias_name][Text(entry.first, "rule name")] =
              std::string(MapSigmaField(Text(entry.second, "field")));
        }
      }
    }
    rule.correlation = std::move(c);
  }

  SigmaRule Read(const YAML::Node& document, std::string_view file) {
    SigmaRule rule;
    rule.file = std::string(file);
    if (!document.IsMap()) throw Refusal{"document is not a map"};
    rule.title = Text(document["title"], "title");
    rule.id = Text(document["id"], "id");
    rule.name = Text(document["name"], "name");
    rule.level = Text(document["level"], "level");
    rule.status = Text(document["status"], "status");
    rule.tags = Strings(document["tags"], "tags");
    if (document["filter"]) throw Refusal{"Sigma filter documents are not supported"};
    if (document["correlation"]) {
      ReadCorrelation(rule, document["correlation"], document);
      return rule;
    }
    YAML::Node logsource = document["logsource"];
    if (!logsource || !logsource.IsMap()) throw Refusal{"logsource missing"};
    rule.logsource.product = Text(logsource["product"], "product");
    rule.logsource.service = Text(logsource["service"], "service");
    rule.logsource.category = Text(logsource["category"], "category");
    if (!SigmaReadersFor(rule.logsource)) {
      throw Refusal{fmt::format("logsource product={} service={} category={} has no reader",
                                rule.logsource.product, rule.logsource.service,
                                rule.logsource.category)};
    }
    if (!document["detection"]) throw Refusal{"detection missing"};
    ReadDetection(rule, document["detection"]);
    return rule;
  }

  size_t nodes_ = 0;

 private:
  const SigmaLoadLimits& limits_;
};

// Splits at lines that start with "---" followed by nothing but spaces or a comment.
std::vector<std::string_view> SplitDocuments(std::string_view text) {
  std::vector<std::string_view> documents;
  size_t start = 0, line = 0;
  while (line <= text.size()) {
    size_t end = text.find('\n', line);
    if (end == std::string_view::npos) end = text.size();
    std::string_view current = text.substr(line, end - line);
    bool separator = current.starts_with("---") &&
                     current.substr(3).find_first_not_of(" \t\r") == std::string_view::npos;
    if (separator) {
      documents.push_back(text.substr(start, line - start));
      start = std::min(end + 1, text.size());
    }
    line = end + 1;
  }
  documents.push_back(text.substr(start));
  std::erase_if(documents, [](std::string_view d) {
    // Documents holding only blank lines and comments are not rules.
    size_t pos = 0;
    while (pos < d.size()) {
      size_t end = d.find('\n', pos);
      if (end == std::string_view::npos) end = d.size();
      std::string_view l = d.substr(pos, end - pos);
      size_t first = l.find_first_not_of(" \t\r");
      if (first != std::string_view::npos && l[first] != '#') return false;
      pos = end + 1;
    }
    return true;
  });
  return documents;
}

int FlowDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  for (char c : text) {
    if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  return deepest;
}

}  // namespace

std::optional<int64_t> ParseSigmaTimespan(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  int64_t number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size() - 1, number);
  if (error != std::errc() || end != text.data() + text.size() - 1 || number < 0 ||
      number > 100'000'000) {
    return std::nullopt;
  }
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return std::nullopt;
  }
  return number * unit * 1'000'000;
}

void ParseSigmaRules(std::string_view text, std::string_view file, SigmaRuleSet& out,
                     const SigmaLoadLimits& limits) {
  auto refuse = [&](std::string reason) {
    out.unsupported.push_back({std::string(file), "", "", std::move(reason)});
  };
  if (text.size() > limits.max_file_bytes) return refuse("rule file larger than the limit");
  if (FlowDepth(text) > limits.max_flow_depth) return refuse("YAML nested too deeply");
  std::vector<std::string_view> documents = SplitDocuments(text);
  if (documents.size() > limits.max_documents) return refuse("too many YAML documents");
  for (std::string_view document_text : documents) {
    DocumentReader reader(limits);
    YAML::Node document;
    try {
      document = YAML::Load(std::string(document_text));
    } catch (const std::exception& e) {
      refuse(fmt::format("YAML: {}", e.what()));
      continue;
    }
    std::string id, title;
    try {
      if (document.IsMap()) {
        if (document["id"] && document["id"].IsScalar()) id = document["id"].Scalar();
        if (document["title"] && document["title"].IsScalar()) title = document["title"].Scalar();
      }
      out.rules.push_back(reader.Read(document, file));
    } catch (const Refusal& refusal) {
      out.unsupported.push_back({std::string(file), id, title, refusal.reason});
    } catch (const std::exception& e) {
      out.unsupported.push_back({std::string(file), id, title, fmt::format("YAML: {}", e.what())});
    }
  }
}

}  // namespace hikeshi::triage
