#include "adapters/dto/iso_time.hpp"

#include <chrono>

namespace chat {
namespace {

// Writes `value` (0 <= value < 10^width) as exactly `width` decimal digits, zero-padded.
void appendDigits(std::string& out, long long value, int width) {
  char digits[20];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

// By hand rather than with fmt's chrono formatting: every stored message is formatted
// once for its recipients and once for its acknowledgement, and fmt's format-string
// parsing was a visible share of the commit thread's time.
void appendIsoTime(std::string& out, Timestamp time) {
  using namespace std::chrono;
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{floor<milliseconds>(time - day)};
  const int year = static_cast<int>(date.year());
  if (year >= 0 && year <= 9999) {
    appendDigits(out, year, 4);
  } else {
    out += std::to_string(year);  // only a corrupt timestamp gets here
  }
  out += '-';
  appendDigits(out, static_cast<unsigned>(date.month()), 2);
  out += '-';
  appendDigits(out, static_cast<unsigned>(date.day()), 2);
  out += 'T';
  appendDigits(out, clock.hours().count(), 2);
  out += ':';
  appendDigits(out, clock.minutes().count(), 2);
  out += ':';
  appendDigits(out, clock.seconds().count(), 2);
  out += '.';
  appendDigits(out, clock.subseconds().count(), 3);
  out += 'Z';
}

std::string formatIsoTime(Timestamp time) {
  std::string out;
  out.reserve(kIsoTimeSize);
  appendIsoTime(out, time);
  return out;
}

}  // namespace chat
