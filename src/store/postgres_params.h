// Statement parameters for the PostgreSQL store: a dynamic list of optional text values, so one
// builder serves every statement. NULL is std::nullopt; bytea goes in PostgreSQL's hex text form
// (ByteaHex). Values keep their exact bytes (embedded NULs are passed on, and PostgreSQL rejects
// them as invalid text, which the pool reports as kInvalid).
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace pqxx {
// libpqxx 6.4 knows no std::optional parameters; this teaches it one.
template <>
struct string_traits<std::optional<std::string>> {
  static constexpr const char* name() noexcept { return "std::optional<std::string>"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const std::optional<std::string>& value) { return !value; }
  static std::optional<std::string> null() { return std::nullopt; }
  static void from_string(const char text[], std::optional<std::string>& value) { value = text; }
  static std::string to_string(const std::optional<std::string>& value) { return *value; }
};
}  // namespace pqxx

namespace hikeshi::postgres {

class Params {
 public:
  Params& Add(std::string_view text) {
    values_.emplace_back(std::string(text));
    return *this;
  }
  Params& Add(const std::string& text) { return Add(std::string_view(text)); }
  Params& Add(const char* text) { return Add(std::string_view(text)); }
  Params& Add(int64_t number) {
    values_.emplace_back(std::to_string(number));
    return *this;
  }
  Params& Add(int number) { return Add(int64_t{number}); }
  Params& Add(Timestamp at) { return Add(ToMicros(at)); }
  template <typename T>
  Params& Add(const std::optional<T>& value) {
    if (!value) {
      values_.emplace_back(std::nullopt);
      return *this;
    }
    return Add(*value);
  }
  Params& AddNull() {
    values_.emplace_back(std::nullopt);
    return *this;
  }
  int Count() const { return static_cast<int>(values_.size()); }
  // "$n" for the parameter added next.
  std::string Next() const { return "$" + std::to_string(values_.size() + 1); }

  auto Dynamic() const { return pqxx::prepare::make_dynamic_params(values_); }

 private:
  std::vector<std::optional<std::string>> values_;
};

// Runs `sql` with `params` in `work`.
inline pqxx::result Exec(pqxx::work& work, const std::string& sql, const Params& params) {
  return work.exec_params(sql, params.Dynamic());
}

// "\x0a1b…": bytea input in hex format.
std::string ByteaHex(std::string_view bytes);
// The bytes of a bytea field read in text (hex) form.
std::string FromByteaHex(std::string_view text);

}  // namespace hikeshi::postgres
