#include "coord/recipient_choice.h"

#include <gtest/gtest.h>

namespace hikeshi::coord {
namespace {

Contact NetworkContact(int64_t id, std::string mail, std::vector<std::string> networks) {
  return Contact{.id = id,
                 .name = "contact " + std::to_string(id),
                 .emails = {std::move(mail)},
                 .language = "ja",
                 .pgp_fingerprint = "FP" + std::to_string(id),
                 .networks = std::move(networks)};
}

Contact CountryContact(int64_t id, std::string mail, ContactKind kind, std::string country) {
  return Contact{.id = id,
                 .name = "centre " + std::to_string(id),
                 .kind = kind,
                 .emails = {std::move(mail)},
                 .language = "en",
                 .country = std::move(country)};
}

Ownership Rpsl(std::string country, std::vector<std::string> mailboxes, std::string csirt = "") {
  return Ownership{.netblock = "192.0.2.0/24",
                   .owner = "Example Net",
                   .country = std::move(country),
                   .abuse_mailboxes = std::move(mailboxes),
                   .source = "ripe",
                   .national_csirt = std::move(csirt)};
}

TEST(ContactDirectoryTest, NormaliseCoverageCleansAndRefuses) {
  Contact contact{.name = "x",
                  .networks = {"192.0.2.7", "192.0.2.0/24", "192.0.2.0 - 192.0.2.255"},
                  .asns = {"as64500", "64500"},
                  .domains = {"Example.NET."}};
  ASSERT_TRUE(NormaliseCoverage(contact));
  EXPECT_EQ(contact.networks, (std::vector<std::string>{"192.0.2.7/32", "192.0.2.0/24"}));
  EXPECT_EQ(contact.asns, std::vector<std::string>{"AS64500"});
  EXPECT_EQ(contact.domains, std::vector<std::string>{"example.net"});
  Contact bad{.name = "x", .networks = {"192.0.2.0 - 192.0.2.5"}};  // not one CIDR block
  EXPECT_EQ(NormaliseCoverage(bad).error().code, ErrorCode::kInvalid);
  Contact bad_asn{.name = "x", .asns = {"AS4294967296"}};
  EXPECT_EQ(NormaliseCoverage(bad_asn).error().code, ErrorCode::kInvalid);
  Contact many{.name = "x"};
  many.domains.assign(1001, "example.net");
  EXPECT_EQ(NormaliseCoverage(many).error().code, ErrorCode::kTooLarge);
}

TEST(ContactDirectoryTest, LongestPrefixAndDomainWin) {
  ContactDirectory directory({NetworkContact(1, "wide@x.example", {"192.0.2.0/24"}),
                              NetworkContact(2, "narrow@x.example", {"192.0.2.128/25"}),
                              NetworkContact(3, "v6@x.example", {"2001:db8::/32"}),
                              Contact{.id = 4,
                                      .name = "dom",
                                      .emails = {"dom@x.example"},
                                      .domains = {"example.net", "shop.example.net"}},
                              NetworkContact(5, "", {"0.0.0.0/0"})});  // no mail: ignored
  EXPECT_EQ(directory.Covering("192.0.2.200")->contact->id, 2);
  EXPECT_EQ(directory.Covering("192.0.2.200")->covered_by, "192.0.2.128/25");
  EXPECT_EQ(directory.Covering("192.0.2.1")->contact->id, 1);
  EXPECT_EQ(directory.Covering("::ffff:192.0.2.1")->contact->id, 1);
  EXPECT_EQ(directory.Covering("2001:db8::1")->contact->id, 3);
  EXPECT_FALSE(directory.Covering("198.51.100.1"));
  EXPECT_EQ(directory.Covering("www.shop.example.net")->covered_by, "shop.example.net");
  EXPECT_EQ(directory.Covering("example.net")->contact->id, 4);
  EXPECT_FALSE(directory.Covering("badexample.net"));
  EXPECT_FALSE(directory.Covering("not an address"));
}

TEST(RecipientChoiceTest, DirectoryContactBeatsRpsl) {
  ContactDirectory directory({NetworkContact(7, "noc@x.example", {"192.0.2.0/25"})});
  auto choice = ChooseRecipient("192.0.2.9", Rpsl("NL", {"abuse@ripe.example"}), directory, "");
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->recipient, "noc@x.example");
  EXPECT_EQ(choice->source, kFromContactDirectory);
  EXPECT_EQ(choice->language, "ja");  // the contact's preference, not the country's
  EXPECT_EQ(choice->pgp_fingerprint, "FP7");
  EXPECT_NE(choice->reason.find("covers 192.0.2.0/25"), std::string::npos) << choice->reason;
  // Outside the contact's network the RPSL abuse mailbox is the recipient.
  choice = ChooseRecipient("192.0.2.200", Rpsl("NL", {"abuse@ripe.example"}), directory, "");
  EXPECT_EQ(choice->recipient, "abuse@ripe.example");
  EXPECT_EQ(choice->source, kFromRpsl);
  EXPECT_EQ(choice->language, "en");
  EXPECT_EQ(choice->pgp_fingerprint, "");
}

TEST(RecipientChoiceTest, OwnerSourcesAreNamed) {
  ContactDirectory empty({});
  Ownership constituent = Rpsl("JP", {"sec@customer.example"});
  constituent.constituent = true;
  constituent.source = "constituency";
  EXPECT_EQ(ChooseRecipient("192.0.2.1", constituent, empty, "")->source, kFromConstituency);
  EXPECT_EQ(ChooseRecipient("192.0.2.1", constituent, empty, "")->language, "ja");
  Ownership delegated = Rpsl("JP", {"x@y.example"});
  delegated.source = "delegated";
  EXPECT_EQ(ChooseRecipient("192.0.2.1", delegated, empty, "")->source, kFromDelegated);
  EXPECT_FALSE(ChooseRecipient("192.0.2.1", std::nullopt, empty, "cc@us.example"));
  EXPECT_FALSE(ChooseRecipient("192.0.2.1", Rpsl("", {}), empty, ""));
}

TEST(RecipientChoiceTest, CountryContactsAreCcdAndReplaceTheCsirtTable) {
  ContactDirectory directory(
      {CountryContact(3, "peer@jp.example", ContactKind::kPeerCsirt, "JP"),
       CountryContact(4, "cc@jp.example", ContactKind::kCoordinationCentre, "jp"),
       CountryContact(5, "vendor@jp.example", ContactKind::kVendor, "JP"),
       CountryContact(6, "cc@nl.example", ContactKind::kCoordinationCentre, "NL")});
  auto choice = ChooseRecipient("192.0.2.1", Rpsl("JP", {"abuse@isp.example"}, "table@jp.example"),
                                directory, "ours@x");
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->recipient, "abuse@isp.example");
  // Configured Cc first, then coordination centres, then peer CSIRTs; the table's entry is
  // replaced by the directory's contacts for that country; vendors are never Cc'd.
  EXPECT_EQ(choice->cc, (std::vector<std::string>{"ours@x", "cc@jp.example", "peer@jp.example"}));
  // A country the directory does not know: the national-CSIRT table's entry is Cc'd.
  choice = ChooseRecipient("192.0.2.1", Rpsl("DE", {"abuse@isp.example"}, "cert@de.example"),
                           directory, "");
  EXPECT_EQ(choice->cc, std::vector<std::string>{"cert@de.example"});
}

TEST(RecipientChoiceTest, WithoutAbuseMailboxTheCountryContactIsTheRecipient) {
  ContactDirectory directory(
      {CountryContact(4, "cc@jp.example", ContactKind::kCoordinationCentre, "JP"),
       CountryContact(5, "peer@jp.example", ContactKind::kPeerCsirt, "JP")});
  auto choice = ChooseRecipient("192.0.2.1", Rpsl("JP", {}, "table@jp.example"), directory, "");
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->recipient, "cc@jp.example");
  EXPECT_EQ(choice->source, kFromNationalCsirt);
  EXPECT_EQ(choice->cc, std::vector<std::string>{"peer@jp.example"});  // never the recipient
  EXPECT_NE(choice->reason.find("coordination centre for JP"), std::string::npos) << choice->reason;
  // No directory contact for the country: the national-CSIRT table's entry.
  choice = ChooseRecipient("192.0.2.1", Rpsl("DE", {}, "cert@de.example"), directory, "");
  EXPECT_EQ(choice->recipient, "cert@de.example");
  EXPECT_EQ(choice->source, kFromNationalCsirt);
  EXPECT_TRUE(choice->cc.empty());
}

TEST(RecipientChoiceTest, CcListRoundTrips) {
  EXPECT_EQ(JoinCc({"a@x", "b@y"}), "a@x, b@y");
  EXPECT_EQ(SplitCc("a@x, b@y"), (std::vector<std::string>{"a@x", "b@y"}));
  EXPECT_EQ(SplitCc("a@x"), std::vector<std::string>{"a@x"});
  EXPECT_TRUE(SplitCc("").empty());
  EXPECT_TRUE(SplitCc(" , ").empty());
}

}  // namespace
}  // namespace hikeshi::coord
