#include "intake/xarf_json_document.h"

#include <simdjson.h>

#include <cstdint>

namespace hikeshi::intake {
namespace {

using Json = nlohmann::ordered_json;
namespace dom = simdjson::dom;

// Texts where the two parsers may disagree. A surrogate escape (\uD800-\uDFFF): nlohmann
// rejects a lone one, and simdjson's handling of unpaired low surrogates has varied between
// releases. A UTF-8 byte order mark: nlohmann skips it, simdjson rejects it (the fallback would
// catch that, but one parse is cheaper than two).
bool NeedsReferenceParser(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) return true;
  for (std::size_t at = text.find("\\u"); at != std::string_view::npos;
       at = text.find("\\u", at + 2)) {
    if (at + 3 < text.size() && (text[at + 2] == 'd' || text[at + 2] == 'D')) {
      char third = text[at + 3];
      if ((third >= '8' && third <= '9') || (third >= 'a' && third <= 'f') ||
          (third >= 'A' && third <= 'F')) {
        return true;
      }
    }
  }
  return false;
}

// Builds what nlohmann's parser would build (the type was checked, so the value_unsafe reads
// cannot fail): non-negative integers as number_unsigned, negative
// ones as number_integer, and for a repeated key the first position with the last value
// (ordered_map::operator[], as nlohmann's DOM parser does).
Json ToJson(dom::element element) {
  switch (element.type()) {
    case dom::element_type::OBJECT: {
      Json object = Json::object();
      dom::object fields = element.get_object().value_unsafe();  // named: see the array case
      for (dom::key_value_pair field : fields) {
        object[std::string(field.key)] = ToJson(field.value);
      }
      return object;
    }
    case dom::element_type::ARRAY: {
      Json array = Json::array();
      // Named, not iterated as a temporary: range-for would dangle into the simdjson_result.
      dom::array items = element.get_array().value_unsafe();
      for (dom::element item : items) array.push_back(ToJson(item));
      return array;
    }
    case dom::element_type::STRING:
      return Json(std::string(element.get_string().value_unsafe()));
    case dom::element_type::INT64: {
      std::int64_t value = element.get_int64().value_unsafe();
      if (value >= 0) return Json(static_cast<std::uint64_t>(value));
      return Json(value);
    }
    case dom::element_type::UINT64:
      return Json(element.get_uint64().value_unsafe());
    case dom::element_type::DOUBLE:
      return Json(element.get_double().value_unsafe());
    case dom::element_type::BOOL:
      return Json(element.get_bool().value_unsafe());
    case dom::element_type::NULL_VALUE:
      return Json(nullptr);
  }
  return Json(nullptr);
}

// Documents up to this size reuse one parser per thread (its buffers grow to the largest
// document seen); bigger ones get a parser of their own so a rare 16 MiB report does not keep
// its buffers alive.
constexpr std::size_t kReusedParserBytes = 1u << 20;

}  // namespace

std::optional<Json> ParseJsonDocumentWithNlohmann(std::string_view text) {
  Json document = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return std::nullopt;
  return document;
}

std::optional<Json> ParseJsonDocument(std::string_view text) {
  if (NeedsReferenceParser(text)) return ParseJsonDocumentWithNlohmann(text);
  thread_local dom::parser reused;
  dom::parser own;
  dom::parser& parser = text.size() <= kReusedParserBytes ? reused : own;
  dom::element root;
  // Any refusal (numbers beyond 64 bits, which nlohmann reads as doubles, or plain junk) is
  // decided by nlohmann so the result stays the reference one.
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) {
    return ParseJsonDocumentWithNlohmann(text);
  }
  return ToJson(root);
}

}  // namespace hikeshi::intake
