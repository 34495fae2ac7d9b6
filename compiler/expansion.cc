#include "compiler/expansion.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <set>

namespace svc::compiler {
namespace {

struct Spec {
  bool left = false, zero = false, plus = false, space = false, alt = false;
  int width = -1;
  int precision = -1;
  char conv = 0;
};

// Python counts characters, not bytes: width and precision apply to code points.
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

std::string CutCodePoints(std::string s, size_t keep) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80 && n++ == keep) {
      s.resize(i);
      break;
    }
  }
  return s;
}

std::string Utf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return out;
}

std::string Pad(std::string body, const Spec& spec, bool numeric) {
  size_t length = CodePoints(body);
  if (spec.width < 0 || length >= static_cast<size_t>(spec.width)) return body;
  size_t fill = static_cast<size_t>(spec.width) - length;
  if (spec.left) return body + std::string(fill, ' ');
  if (spec.zero && numeric) {
    size_t sign = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
    if (body.size() > sign + 1 && body[sign] == '0' &&
        (body[sign + 1] == 'x' || body[sign + 1] == 'X' || body[sign + 1] == 'o')) {
      sign += 2;
    }
    return body.substr(0, sign) + std::string(fill, '0') + body.substr(sign);
  }
  return std::string(fill, ' ') + body;
}

std::string Repr(const std::string& s) {
  char quote = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + quote;
}

std::string FormatInt(int64_t v, const Spec& spec) {
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  char buf[80];
  const char* prefix = "";
  switch (spec.conv) {
    case 'o':
      std::snprintf(buf, sizeof buf, "%llo", static_cast<unsigned long long>(mag));
      prefix = spec.alt ? "0o" : "";
      break;
    case 'x':
      std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(mag));
      prefix = spec.alt ? "0x" : "";
      break;
    case 'X':
      std::snprintf(buf, sizeof buf, "%llX", static_cast<unsigned long long>(mag));
      prefix = spec.alt ? "0X" : "";
      break;
    default:
      std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(mag));
  }
  std::string digits = buf;
  if (spec.precision > static_cast<int>(digits.size())) {
    digits.insert(0, static_cast<size_t>(spec.precision) - digits.size(), '0');
  }
  std::string sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
  return Pad(sign + prefix + digits, spec, true);
}

std::string FormatFloat(double v, const Spec& spec) {
  // Python formats floats like C; build the flags with literal formats only.
  int prec = spec.precision < 0 ? 6 : std::min(spec.precision, 300);
  char buf[512];
  switch (spec.conv) {
    case 'e':
      std::snprintf(buf, sizeof buf, "%.*e", prec, v);
      break;
    case 'E':
      std::snprintf(buf, sizeof buf, "%.*E", prec, v);
      break;
    case 'g':
      std::snprintf(buf, sizeof buf, "%.*g", prec, v);
      break;
    case 'G':
      std::snprintf(buf, sizeof buf, "%.*G", prec, v);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  }
  std::string body = buf;
  if (body[0] != '-' && (spec.plus || spec.space)) body.insert(0, spec.plus ? "+" : " ");
  return Pad(body, spec, true);
}

tl::expected<std::string, std::string> Convert(const ExpansionValue& value, const Spec& spec) {
  const std::string* str = std::get_if<std::string>(&value);
  const int64_t* num = std::get_if<int64_t>(&value);
  switch (spec.conv) {
    case 's':
    case 'r':
    case 'a': {
      std::string s = num ? std::to_string(*num) : spec.conv == 's' ? *str : Repr(*str);
      if (spec.precision >= 0) s = CutCodePoints(std::move(s), static_cast<size_t>(spec.precision));
      return Pad(s, spec, false);
    }
    case 'c':
      if (num) {
        if (*num < 0 || *num > 0x10ffff) {
          return tl::unexpected(std::string("%c arg not in range(0x110000)"));
        }
        return Pad(Utf8(static_cast<uint32_t>(*num)), spec, false);
      }
      if (CodePoints(*str) != 1) return tl::unexpected(std::string("%c requires int or char"));
      return Pad(*str, spec, false);
    default:
      break;
  }
  if (!num) {
    if (std::string_view("eEfFgG").find(spec.conv) != std::string_view::npos) {
      return tl::unexpected(std::string("must be real number, not str"));
    }
    std::string kind =
        (spec.conv == 'o' || spec.conv == 'x' || spec.conv == 'X') ? "an integer" : "a real number";
    return tl::unexpected(std::string("%") + spec.conv + " format: " + kind +
                          " is required, not str");
  }
  if (std::string_view("eEfFgG").find(spec.conv) != std::string_view::npos) {
    return FormatFloat(static_cast<double>(*num), spec);
  }
  return FormatInt(*num, spec);
}

ExpandError BadFormat(std::string message, size_t offset, size_t length = 1) {
  ExpandError e;
  e.kind = ExpandError::Kind::kBadFormat;
  e.message = std::move(message);
  e.offset = offset;
  e.length = length;
  return e;
}

// Parses `(name)flags width.precision conv` after a '%'; `i` points past the '%'.
tl::expected<Spec, ExpandError> ParseSpec(std::string_view t, size_t start, size_t& i,
                                          std::string_view& name, bool& keyed) {
  Spec spec;
  keyed = false;
  if (i < t.size() && t[i] == '(') {
    int depth = 1;
    size_t begin = ++i;
    while (i < t.size() && depth > 0) {
      if (t[i] == '(') ++depth;
      if (t[i] == ')') --depth;
      ++i;
    }
    if (depth > 0)
      return tl::unexpected(BadFormat("incomplete format key", start, t.size() - start));
    name = t.substr(begin, i - 1 - begin);
    keyed = true;
  }
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c == '-')
      spec.left = true;
    else if (c == '0')
      spec.zero = true;
    else if (c == '+')
      spec.plus = true;
    else if (c == ' ')
      spec.space = true;
    else if (c == '#')
      spec.alt = true;
    else
      break;
  }
  auto number = [&](int& out) -> bool {
    if (i < t.size() && t[i] == '*') return false;
    if (i < t.size() && t[i] >= '0' && t[i] <= '9') out = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      out = std::min(out * 10 + (t[i] - '0'), 100000);
      ++i;
    }
    return true;
  };
  if (!number(spec.width)) return tl::unexpected(BadFormat("* wants int", start, i - start + 1));
  if (i < t.size() && t[i] == '.') {
    ++i;
    spec.precision = 0;
    if (!number(spec.precision)) {
      return tl::unexpected(BadFormat("* wants int", start, i - start + 1));
    }
  }
  while (i < t.size() && (t[i] == 'h' || t[i] == 'l' || t[i] == 'L')) ++i;
  if (i >= t.size()) return tl::unexpected(BadFormat("incomplete format", start, i - start));
  spec.conv = t[i++];
  return spec;
}

// The common conversions — %(name)s without width or precision, %(name)d with at most a
// width and '0' — appended in place. False for anything else (Convert handles it).
bool AppendSimple(std::string& out, const ExpansionValue& value, const Spec& spec) {
  const std::string* str = std::get_if<std::string>(&value);
  if (spec.conv == 's' && spec.width < 0 && spec.precision < 0) {
    if (str) {
      out += *str;
    } else {
      char buf[24];
      out.append(buf, std::to_chars(buf, buf + sizeof buf, std::get<int64_t>(value)).ptr);
    }
    return true;
  }
  bool decimal = spec.conv == 'd' || spec.conv == 'i' || spec.conv == 'u';
  if (!decimal || str || spec.precision >= 0 || spec.left || spec.plus || spec.space) return false;
  int64_t v = std::get<int64_t>(value);
  char buf[24];
  char* end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  size_t len = static_cast<size_t>(end - buf);
  size_t fill = spec.width > 0 && static_cast<size_t>(spec.width) > len
                    ? static_cast<size_t>(spec.width) - len
                    : 0;
  if (fill > 0 && spec.zero) {
    size_t sign = v < 0 ? 1 : 0;
    out.append(buf, sign);
    out.append(fill, '0');
    out.append(buf + sign, end);
  } else {
    out.append(fill, ' ');
    out.append(buf, end);
  }
  return true;
}

// The most common form, `%(name)s` with a known name (no nested parentheses, no flags): appended
// as ParseSpec and AppendSimple would, without the general parse. `i` points past the '%' and
// is moved past the conversion when this returns true.
bool AppendPlainKeyed(std::string_view t, size_t& i, const Scope& scope, std::string& out) {
  if (i >= t.size() || t[i] != '(') return false;
  size_t close = t.find(')', i + 1);
  if (close == std::string_view::npos || close + 1 >= t.size() || t[close + 1] != 's') return false;
  std::string_view name = t.substr(i + 1, close - i - 1);
  if (name.find('(') != std::string_view::npos) return false;
  const ExpansionValue* value = scope.Find(name);
  if (!value) return false;  // the general path reports it
  if (const std::string* str = std::get_if<std::string>(value)) {
    out += *str;
  } else {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, std::get<int64_t>(*value)).ptr);
  }
  i = close + 2;
  return true;
}

}  // namespace

const ExpansionValue* Scope::Find(std::string_view name) const {
  for (size_t i = size_; i-- > 0;) {
    const ExpansionMap* layer = layers_[i];
    if (!layer) continue;
    auto found = layer->find(name);
    if (found != layer->end()) return &found->second;
  }
  return nullptr;
}

std::vector<std::string> Scope::Names() const {
  std::set<std::string> names;
  for (size_t i = 0; i < size_; ++i) {
    const ExpansionMap* layer = layers_[i];
    if (!layer) continue;
    for (const auto& [k, v] : *layer) names.insert(k);
  }
  return {names.begin(), names.end()};
}

tl::expected<std::string, ExpandError> Expand(std::string_view t, const Scope& scope) {
  if (t.find('%') == std::string_view::npos) return std::string(t);
  std::string out;
  out.reserve(t.size());
  size_t i = 0;
  while (i < t.size()) {
    size_t pct = t.find('%', i);
    if (pct == std::string_view::npos) {
      out.append(t.substr(i));
      break;
    }
    out.append(t.substr(i, pct - i));
    i = pct + 1;
    if (AppendPlainKeyed(t, i, scope, out)) continue;
    std::string_view name;
    bool keyed = false;
    auto spec = ParseSpec(t, pct, i, name, keyed);
    if (!spec) return tl::unexpected(spec.error());
    if (spec->conv == '%' && i == pct + 2) {  // a bare "%%"
      out += '%';
      continue;
    }
    if (spec->conv == '%' && keyed && !scope.Find(name)) {
      ExpandError e;
      e.kind = ExpandError::Kind::kUnknownName;
      e.name = std::string(name);
      e.offset = pct;
      e.length = i - pct;
      return tl::unexpected(e);
    }
    if (std::string_view("srsadiuoxXeEfFgGc").find(spec->conv) == std::string_view::npos ||
        spec->conv == '%') {
      auto u = static_cast<unsigned char>(spec->conv);
      char buf[96];
      std::snprintf(buf, sizeof buf, "unsupported format character '%c' (0x%x) at index %zu",
                    u < 0x80 ? spec->conv : '?', u, i - 1);
      return tl::unexpected(BadFormat(buf, pct, i - pct));
    }
    if (!keyed) {
      // Python would format the whole dict here (`%s` prints "{'here': ...}"): never what
      // the author meant, so this is an error in svc (docs/compatibility.md).
      return tl::unexpected(BadFormat("'%" + std::string(1, spec->conv) +
                                          "' has no (name); write %(name)" + spec->conv +
                                          ", or %% for a literal '%'",
                                      pct, i - pct));
    }
    const ExpansionValue* value = scope.Find(name);
    if (!value) {
      ExpandError e;
      e.kind = ExpandError::Kind::kUnknownName;
      e.name = std::string(name);
      e.offset = pct;
      e.length = i - pct;
      return tl::unexpected(e);
    }
    if (AppendSimple(out, *value, *spec)) continue;
    auto converted = Convert(*value, *spec);
    if (!converted) return tl::unexpected(BadFormat(converted.error(), pct, i - pct));
    out += *converted;
  }
  return out;
}

}  // namespace svc::compiler
