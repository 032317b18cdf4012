#include "intake/domain_name.h"

#include <idn2.h>
#include <libpsl.h>
#include <utf8proc.h>

#include <array>
#include <unordered_map>

#include "core/observable.h"

namespace hikeshi::intake {
namespace {

constexpr size_t kMaxName = 253;
constexpr size_t kMaxLabel = 63;

constexpr std::array<std::string_view, 5> kReservedTlds{"example", "test", "invalid", "localhost",
                                                        "local"};
constexpr std::array<std::string_view, 3> kDocumentationDomains{"example.com", "example.net",
                                                                "example.org"};

bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Label rules on a lowercase ASCII name; returns the last label, or empty when a rule fails.
std::string_view CheckLabels(std::string_view name) {
  if (name.empty() || name.size() > kMaxName) return {};
  size_t begin = 0;
  size_t labels = 0;
  while (true) {
    size_t end = name.find('.', begin);
    bool last = end == std::string_view::npos;
    if (last) end = name.size();
    std::string_view label = name.substr(begin, end - begin);
    if (label.empty() || label.size() > kMaxLabel) return {};
    if (label.front() == '-' || label.back() == '-') return {};
    for (char c : label) {
      if (!IsLetter(c) && !IsDigit(c) && c != '-' && (c != '_' || last)) return {};
    }
    ++labels;
    if (last) return labels >= 2 ? label : std::string_view{};
    begin = end + 1;
  }
}

// Non-ASCII labels may hold letters, marks and digits only: "「", "。" and other punctuation
// glued to a name in Japanese prose must not become part of it (IDNA transitional processing
// would map some of them instead of refusing).
bool HasOnlyLabelCharacters(std::string_view host) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(host.data());
  auto remaining = static_cast<utf8proc_ssize_t>(host.size());
  while (remaining > 0) {
    utf8proc_int32_t cp = 0;
    auto length = utf8proc_iterate(p, remaining, &cp);
    if (length <= 0) return false;
    if (cp >= 0x80) {
      switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
        case UTF8PROC_CATEGORY_ND:
          break;
        default:
          return false;
      }
    }
    p += length;
    remaining -= length;
  }
  return true;
}

bool EndsWithLabel(std::string_view name, std::string_view domain) {
  if (name == domain) return true;
  return name.size() > domain.size() && name.ends_with(domain) &&
         name[name.size() - domain.size() - 1] == '.';
}

}  // namespace

void PublicSuffixList::Free::operator()(psl_ctx_st* context) const { psl_free(context); }

PublicSuffixList::~PublicSuffixList() = default;

Result<PublicSuffixList> PublicSuffixList::Load(const std::string& path) {
  psl_ctx_t* context = psl_load_file(path.c_str());
  if (context == nullptr) {
    return Fail(ErrorCode::kUnavailable, "cannot load the public suffix list " + path);
  }
  return PublicSuffixList(context, context);
}

const PublicSuffixList& PublicSuffixList::System() {
  static const PublicSuffixList list = [] {
    for (const char* path : {"/usr/share/publicsuffix/public_suffix_list.dafsa",
                             "/usr/share/publicsuffix/public_suffix_list.dat"}) {
      if (auto loaded = Load(path)) return std::move(*loaded);
    }
    return PublicSuffixList(psl_builtin(), nullptr);
  }();
  return list;
}

bool PublicSuffixList::IsPublicSuffix(const std::string& suffix) const {
  return psl_is_public_suffix2(context_, suffix.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

std::string PublicSuffixList::RegistrableDomain(const std::string& domain) const {
  const char* registrable = psl_registrable_domain(context_, domain.c_str());
  return registrable == nullptr ? std::string() : std::string(registrable);
}

std::optional<DomainName> CheckDomainName(std::string_view host, const PublicSuffixList& list,
                                          bool require_known_suffix) {
  if (host.empty() || host.size() > 4 * kMaxName) return std::nullopt;
  DomainName result;
  bool ascii = true;
  for (char c : host) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    result.ascii.assign(host);
    for (char& c : result.ascii) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    }
  } else {
    if (!HasOnlyLabelCharacters(host)) return std::nullopt;
    std::string input(host);
    char* output = nullptr;
    int rc = idn2_to_ascii_8z(input.c_str(), &output, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    if (rc != IDN2_OK) {
      idn2_free(output);
      output = nullptr;
      rc = idn2_to_ascii_8z(input.c_str(), &output, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
    }
    if (rc != IDN2_OK || output == nullptr) {
      idn2_free(output);
      return std::nullopt;
    }
    result.ascii = output;
    idn2_free(output);
  }
  std::string_view tld = CheckLabels(result.ascii);
  if (tld.empty() || IsDigit(tld.front())) return std::nullopt;
  bool reserved = false;
  for (std::string_view name : kReservedTlds) reserved = reserved || tld == name;
  if (reserved) {
    result.flags |= static_cast<uint32_t>(ObservableFlag::kReservedTld);
    result.known_suffix = true;
  } else {
    result.known_suffix = list.IsPublicSuffix(std::string(tld));
    if (require_known_suffix && !result.known_suffix) return std::nullopt;
  }
  for (std::string_view domain : kDocumentationDomains) {
    if (EndsWithLabel(result.ascii, domain)) {
      result.flags |= static_cast<uint32_t>(ObservableFlag::kDocumentation);
    }
  }
  result.registrable = list.RegistrableDomain(result.ascii);
  return result;
}

const DomainName* CachedDomainName(std::string_view host, const PublicSuffixList& list) {
  constexpr size_t kMaxCachedNames = 8192;
  if (host.size() > 4 * kMaxName) return nullptr;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  struct Cache {
    const PublicSuffixList* list = nullptr;
    std::unordered_map<std::string, std::optional<DomainName>, Hash, std::equal_to<>> names;
  };
  thread_local Cache cache;
  if (cache.list != &list || cache.names.size() >= kMaxCachedNames) {
    cache.names.clear();
    cache.list = &list;
  }
  auto it = cache.names.find(host);
  if (it == cache.names.end()) {
    it = cache.names.emplace(std::string(host), CheckDomainName(host, list, false)).first;
  }
  return it->second ? &*it->second : nullptr;
}

}  // namespace hikeshi::intake
