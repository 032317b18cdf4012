// Fields of netfilter/iptables LOG target lines ("kernel: [UFW BLOCK] IN=eth0 OUT= MAC=…
// SRC=203.0.113.9 DST=192.0.2.1 LEN=60 … PROTO=TCP SPT=51515 DPT=22 WINDOW=… SYN URGP=0").
// Pure function of the kernel message.
//
// Every KEY=VALUE pair is kept under its raw key (IN, OUT, MAC, SRC, DST, LEN, TTL, ID, PROTO,
// SPT, DPT, …; empty values such as "OUT=" included) and the common ones are also given the
// taxonomy names: src_ip (SRC), dst_ip (DST), protocol (PROTO), src_port (SPT), dst_port (DPT).
// The text before "IN=" minus the kernel's "[uptime]" stamp is the log prefix, kept as `prefix`
// (e.g. "[UFW BLOCK]"). Bare flags (SYN, ACK, DF) are not fields.
#pragma once

#include <string_view>

#include "triage/event.h"

namespace hikeshi::triage {

// Returns false (adding nothing) when `message` is not a netfilter line, i.e. has no " IN=" or
// leading "IN=" together with "SRC=".
bool ExtractNetfilterFields(std::string_view message, Event& event);

}  // namespace hikeshi::triage
