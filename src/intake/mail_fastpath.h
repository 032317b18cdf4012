// Internal to intake: a bounded hand-written MIME parser for the common shapes of abuse mail,
// tried by ParseMail before GMime. It either produces exactly the ParsedMail the GMime walk
// would produce, or declines (nullopt) and ParseMail falls back to GMime. It accepts LF line
// ends, single-part text, multipart/{mixed,alternative,related,report}, message/rfc822 nesting,
// text/rfc822-headers, 7bit/8bit/binary/base64/quoted-printable; it declines on anything that
// GMime would warn about or that it does not handle fully (see doc/mail_intake.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "intake/mail.h"

namespace hikeshi::intake {

// The fast path alone: nullopt when it declines. `raw` must already be within
// limits.max_message_bytes (ParseMail checks that first).
std::optional<ParsedMail> TryParseMailFast(std::string_view raw, const MailLimits& limits);

// The GMime path alone (what ParseMail did before the fast path): for differential tests.
[[nodiscard]] Result<ParsedMail> ParseMailWithGmime(std::string_view raw,
                                                    const MailLimits& limits = {});

// ParseMailDate without its hand-read strict form: GMime's parser alone, for differential tests.
std::optional<Timestamp> ParseMailDateWithGmime(std::string_view text);

}  // namespace hikeshi::intake
