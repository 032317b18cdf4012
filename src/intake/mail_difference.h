// Field-by-field comparison of two ParsedMail values, for the differential test of the MIME
// fast path against GMime (src/intake/mail_fastpath_test.cc, fuzz/mail_fastpath_fuzz.cc).
#pragma once

#include <string>

#include "intake/mail.h"

namespace hikeshi::intake {

// Empty when equal, else the first difference as "path: a vs b" (values shortened).
std::string MailDifference(const ParsedMail& a, const ParsedMail& b);

}  // namespace hikeshi::intake
