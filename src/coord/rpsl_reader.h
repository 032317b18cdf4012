// A streaming reader of RPSL (RFC 2622) object text as the RIRs publish bulk whois dumps
// (ripe.db.inetnum, apnic.db.role, ...): objects separated by blank lines, "name: value"
// attributes, continuation lines starting with space, tab or '+', '%' and '#' comment lines and
// end-of-line '#' comments. Pure: bytes in, objects out; the caller does the I/O.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "coord/import_problems.h"
#include "coord/line_splitter.h"

namespace hikeshi::coord {

struct RpslAttribute {
  std::string name;   // lower case
  std::string value;  // trimmed, comments removed, continuation lines joined with one space
};

struct RpslObject {
  std::vector<RpslAttribute> attributes;  // never empty when handed to the sink
  uint64_t line = 0;                      // where the object starts

  std::string_view type() const { return attributes.front().name; }  // "inetnum", "role", ...
  std::string_view First(std::string_view name) const;               // "" when absent
  std::vector<std::string_view> All(std::string_view name) const;
};

struct RpslLimits {
  size_t max_line_bytes = 8 * 1024;
  size_t max_object_bytes = 256 * 1024;  // sum of the attribute values
  size_t max_attributes = 4096;
};

class RpslReader {
 public:
  using Sink = std::function<void(const RpslObject&)>;
  RpslReader(const RpslLimits& limits, Sink sink);

  // Any split of the input is fine; complete objects go to the sink as soon as they end.
  void Feed(std::string_view bytes);
  void Finish();  // end of input: hands over the last object

  // A broken object (a line that is neither attribute nor continuation, an over-long line, an
  // object over a limit) is dropped whole, named here, and reading resumes at the next object.
  const ImportProblems& problems() const { return problems_; }
  uint64_t objects() const { return objects_; }

 private:
  void OnLine(const Line& line);
  void EndObject();
  void Break(uint64_t line, std::string_view why);

  RpslLimits limits_;
  Sink sink_;
  LineSplitter splitter_;
  RpslObject current_;
  size_t current_bytes_ = 0;
  bool broken_ = false;  // skip to the next blank line
  ImportProblems problems_;
  uint64_t objects_ = 0;
};

}  // namespace hikeshi::coord
