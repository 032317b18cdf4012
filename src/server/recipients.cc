#include "server/recipients.h"

namespace hikeshi::server {
namespace {

// The directory is read whole for each resolution: drafting is rare (one per compromised
// source and probed target) and a directory holds hundreds of contacts.
constexpr int kMaxDirectoryContacts = 10'000;

}  // namespace

Result<std::optional<coord::RecipientChoice>> ResolveRecipient(Store& store,
                                                               const CoordinationOptions& options,
                                                               std::string_view address) {
  auto contacts = store.ListContacts(kMaxDirectoryContacts);
  if (!contacts) return std::unexpected(contacts.error());
  coord::ContactDirectory directory(std::move(*contacts));
  std::optional<Ownership> owner;
  if (options.ownership != nullptr) owner = options.ownership->Lookup(address);
  return coord::ChooseRecipient(address, owner, directory, options.notify.cc);
}

}  // namespace hikeshi::server
