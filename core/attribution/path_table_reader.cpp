#include "core/attribution/path_table_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace touchpath {

namespace {

constexpr int kMissing = -1;

// Where the needed columns sit in the header.
struct PathColumns {
  char delimiter = ';';
  int path = kMissing;
  int conversions = kMissing;
  int value = kMissing;
  int nulls = kMissing;
  int count = 0;
};

// The first compare settles the common non-blank byte.
bool IsBlank(char c) { return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t'); }

std::string_view Trim(std::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  while (begin < end && IsBlank(*begin)) ++begin;
  while (end > begin && IsBlank(end[-1])) --end;
  return std::string_view(begin, static_cast<size_t>(end - begin));
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The first `byte` in [begin, end), or end.
const char* FindByte(const char* begin, const char* end, char byte) {
  if (begin == end) return end;
  const void* found = std::memchr(begin, byte, static_cast<size_t>(end - begin));
  return found != nullptr ? static_cast<const char*>(found) : end;
}

// Cuts `text` at every `separator` into *parts (cleared first).
void CutAt(std::string_view text, char separator, std::vector<std::string_view>* parts) {
  parts->clear();
  const char* begin = text.data();
  const char* const end = begin + text.size();
  while (true) {
    const char* part_end = FindByte(begin, end, separator);
    parts->emplace_back(begin, static_cast<size_t>(part_end - begin));
    if (part_end == end) return;
    begin = part_end + 1;
  }
}

// Splits one line into cells; double quotes group cells ("" is a quote inside one).
// Quoted cells are unescaped into *storage, which must outlive the views.
void SplitCells(std::string_view line, char delimiter, std::vector<std::string_view>* cells,
                std::vector<std::string>* storage) {
  if (line.find('"') == std::string_view::npos) return CutAt(line, delimiter, cells);
  cells->clear();
  storage->clear();
  storage->reserve(line.size() / 2 + 1);  // views into storage must not move
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || (!quoted && line[i] == delimiter)) {
      storage->push_back(cell);
      cells->push_back(storage->back());
      cell.clear();
    } else if (line[i] == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else {
      cell += line[i];
    }
  }
}

char DetectDelimiter(std::string_view header) {
  if (Contains(header, "\t")) return '\t';
  if (Contains(header, ";")) return ';';
  return ',';
}

bool IsValueHeader(const std::string& name) {
  return Contains(name, "value") || Contains(name, "revenue");
}
bool IsNullHeader(const std::string& name) {
  return name == "null" || name == "nulls" || name == "total_null" || name == "total_nulls" ||
         Contains(name, "non_conversion") || Contains(name, "non-conversion") ||
         Contains(name, "non conversion");
}
bool IsConversionsHeader(const std::string& name) {
  return (name == "conversions" || name == "total_conversions" || name == "total conversions" ||
          name == "key events" || name == "conversion" || name == "converting") &&
         !IsValueHeader(name);
}
bool IsPathHeader(const std::string& name) {
  return Contains(name, "path") || Contains(name, "channel") || Contains(name, "source") ||
         Contains(name, "medium") || Contains(name, "campaign");
}

// Finds the columns by their header names; false when the line is no path-table header.
bool ReadHeader(std::string_view header, PathColumns* columns) {
  columns->delimiter = DetectDelimiter(header);
  std::vector<std::string_view> cells;
  std::vector<std::string> storage;
  SplitCells(header, columns->delimiter, &cells, &storage);
  columns->count = static_cast<int>(cells.size());
  for (int column = 0; column < columns->count; ++column) {
    const std::string name = Lower(Trim(cells[column]));
    if (IsNullHeader(name)) {
      if (columns->nulls == kMissing) columns->nulls = column;
    } else if (IsConversionsHeader(name)) {
      if (columns->conversions == kMissing) columns->conversions = column;
    } else if (IsValueHeader(name)) {
      if (columns->value == kMissing) columns->value = column;
    } else if (IsPathHeader(name) && columns->path == kMissing) {
      columns->path = column;
    }
  }
  return columns->path != kMissing &&
         (columns->conversions != kMissing || columns->nulls != kMissing);
}

// A count or amount cell: empty is 0; "1,234.5" thousands separators are accepted.
bool ParseAmount(std::string_view cell, double* amount) {
  cell = Trim(cell);
  if (cell.empty()) {
    *amount = 0;
    return true;
  }
  uint64_t whole = 0;
  size_t digits = 0;
  while (digits < cell.size() && digits < 18 && cell[digits] >= '0' && cell[digits] <= '9') {
    whole = whole * 10 + static_cast<uint64_t>(cell[digits] - '0');
    ++digits;
  }
  if (digits == cell.size()) {  // the common case: a plain count
    *amount = static_cast<double>(whole);
    return true;
  }
  // "123.456": an exact mantissa over an exact power of ten is correctly rounded, as strtod.
  if (digits > 0 && cell[digits] == '.' && cell.size() - digits - 1 <= 15 &&
      cell.size() - 1 <= 15) {
    static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                              1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    uint64_t mantissa = whole;
    size_t position = digits + 1;
    while (position < cell.size() && cell[position] >= '0' && cell[position] <= '9') {
      mantissa = mantissa * 10 + static_cast<uint64_t>(cell[position] - '0');
      ++position;
    }
    if (position == cell.size()) {
      *amount = static_cast<double>(mantissa) / kPowersOfTen[cell.size() - digits - 1];
      return true;
    }
  }
  char buffer[64];
  size_t length = 0;
  for (char c : cell) {
    if (c == ',') continue;  // thousands separator
    if (length + 1 >= sizeof buffer) return false;
    buffer[length++] = c;
  }
  buffer[length] = '\0';
  char* end = nullptr;
  const double parsed = std::strtod(buffer, &end);
  if (length == 0 || end != buffer + length || !std::isfinite(parsed) || parsed < 0) return false;
  *amount = parsed;
  return true;
}

// The lines of the input: LF or CRLF endings (CR alone when the input has no LF); a leading
// UTF-8 BOM is dropped.
class LineReader {
 public:
  explicit LineReader(std::string_view bytes) : bytes_(bytes) {
    if (bytes_.substr(0, 3) == "\xEF\xBB\xBF") bytes_.remove_prefix(3);
    if (bytes_.find('\n') == std::string_view::npos) terminator_ = '\r';
  }
  bool Next(std::string_view* line) {
    if (position_ >= bytes_.size()) return false;
    size_t end = bytes_.find(terminator_, position_);
    if (end == std::string_view::npos) end = bytes_.size();
    *line = bytes_.substr(position_, end - position_);
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    position_ = end + 1;
    ++line_number_;
    return true;
  }
  uint64_t line_number() const { return line_number_; }
  std::string_view rest() const { return bytes_.substr(std::min(position_, bytes_.size())); }

 private:
  std::string_view bytes_;
  char terminator_ = '\n';
  size_t position_ = 0;
  uint64_t line_number_ = 0;
};

// Blank lines and GA4's "# ..." preamble carry no data.
bool IsFiller(std::string_view line) {
  line = Trim(line);
  return line.empty() || line.front() == '#';
}

// GA4 exports may end with a totals row.
bool IsTotalsRow(std::string_view path) {
  if (path.size() < 5 || path.size() > 11) return false;
  char lower[11];
  for (size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view name(lower, path.size());
  return name == "grand total" || name == "total" || name == "totals";
}

// The parts of a line a row needs, untrimmed: views into the line, or into the general
// splitter's storage when the line has quotes.
struct RowCells {
  std::string_view path;
  std::string_view numbers[3];             // conversions, value, nulls; empty when no such column
  std::vector<std::string_view> channels;  // the path cell cut at every '>'
};

class RowReader {
 public:
  RowReader(const PathColumns& columns, PathTable* table)
      : columns_(columns),
        number_columns_{columns.conversions, columns.value, columns.nulls},
        needed_columns_(
            std::max({columns.path, columns.conversions, columns.value, columns.nulls}) + 1),
        table_(table),
        builder_(table) {}

  void Read(std::string_view line, uint64_t line_number) {
    size_t found = 0;
    if (!CutCells(line, &found)) {
      return Skip(line_number, "expected " + std::to_string(columns_.count) + " columns, found " +
                                   std::to_string(found));
    }
    const std::string_view path = Trim(cells_.path);
    if (IsTotalsRow(path)) return Skip(line_number, "a totals row, not a path");
    double numbers[3] = {0, 0, 0};
    static constexpr const char* kNames[3] = {"conversions", "value", "nulls"};
    for (int i = 0; i < 3; ++i) {
      if (!ParseAmount(cells_.numbers[i], &numbers[i])) {
        return Skip(line_number, std::string(kNames[i]) + ": '" +
                                     std::string(Trim(cells_.numbers[i]).substr(0, 40)) +
                                     "' is not a non-negative number");
      }
    }
    if (path.empty()) return Skip(line_number, "empty path");
    for (const std::string_view cut : cells_.channels) {
      const std::string_view channel = Trim(cut);
      if (channel.empty()) {
        builder_.DiscardRow();
        return Skip(line_number, "empty channel in path '" + std::string(path.substr(0, 80)) + "'");
      }
      builder_.AddTouch(builder_.ChannelId(channel));
    }
    builder_.EndRow(numbers[0], numbers[1], numbers[2]);
  }

 private:
  // Fills cells_; false when the line has fewer cells than the columns need (*found: how many
  // it has).
  bool CutCells(std::string_view line, size_t* found) {
    SplitCells(line, columns_.delimiter, &split_, &storage_);
    *found = split_.size();
    if (static_cast<int>(split_.size()) < needed_columns_) return false;
    cells_.path = split_[columns_.path];
    for (int i = 0; i < 3; ++i) {
      const int column = number_columns_[i];
      cells_.numbers[i] = column == kMissing ? std::string_view() : split_[column];
    }
    CutAt(cells_.path, '>', &cells_.channels);
    return true;
  }

  void Skip(uint64_t line_number, std::string message) {
    ++table_->skipped_rows;
    if (table_->errors.size() < PathTable::kMaxErrors) {
      table_->errors.push_back({line_number, std::move(message)});
    }
  }

  PathColumns columns_;
  int number_columns_[3];
  int needed_columns_;
  PathTable* table_;
  PathTableBuilder builder_;
  RowCells cells_;
  std::vector<std::string_view> split_;
  std::vector<std::string> storage_;
};

// Sizes the columns once from the first 64 KiB of rows scaled to the whole input (a little
// over), instead of growing them repeatedly or counting through every byte first.
void ReserveColumns(std::string_view rows, PathTable* table) {
  const std::string_view sample = rows.substr(0, size_t{1} << 16);
  if (sample.empty()) return;
  const double scale = 1.05 * static_cast<double>(rows.size()) / static_cast<double>(sample.size());
  const auto lines = static_cast<double>(std::count(sample.begin(), sample.end(), '\n') + 1);
  const auto arrows = static_cast<double>(std::count(sample.begin(), sample.end(), '>'));
  const auto row_capacity = static_cast<size_t>(lines * scale) + 1;
  table->touch_channel.reserve(static_cast<size_t>((arrows + lines) * scale) + 1);
  table->row_begin.reserve(row_capacity + 1);
  table->conversions.reserve(row_capacity);
  table->value.reserve(row_capacity);
  table->nulls.reserve(row_capacity);
}

}  // namespace

Status ParsePathTable(std::string_view bytes, PathTable* table) {
  *table = PathTable();
  LineReader lines(bytes);
  std::string_view line;
  bool found_header = false;
  while (lines.Next(&line)) {
    if (!IsFiller(line)) {
      found_header = true;
      break;
    }
  }
  if (!found_header) return Status::BadInput("The path table is empty.");
  PathColumns columns;
  if (!ReadHeader(line, &columns)) {
    return Status::BadInput(
        "Line " + std::to_string(lines.line_number()) + " is not a path-table header: expected " +
        "columns like path;total_conversions;total_conversion_value;total_null, or a GA4 " +
        "conversion-paths export with a channel path column and Conversions.");
  }
  ReserveColumns(lines.rest(), table);
  RowReader rows(columns, table);
  while (lines.Next(&line)) {
    if (IsFiller(line)) continue;
    rows.Read(line, lines.line_number());
  }
  if (table->row_count() > 0) return Status::Ok();
  if (table->skipped_rows == 0) return Status::BadInput("The path table has a header but no rows.");
  const LineError& first = table->errors.front();
  return Status::BadInput("None of the path table's " + std::to_string(table->skipped_rows) +
                          " rows could be read (line " + std::to_string(first.line) + ": " +
                          first.message + ").");
}

bool LooksLikePathTable(std::string_view first_bytes) {
  LineReader lines(first_bytes);
  std::string_view line;
  while (lines.Next(&line)) {
    if (IsFiller(line)) continue;
    if (line.front() == '{' || line.front() == '[') return false;
    PathColumns columns;
    return ReadHeader(line, &columns);
  }
  return false;
}

}  // namespace touchpath
