#include "core/attribution/path_table_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
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

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
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

// Splits one line into cells; double quotes group cells ("" is a quote inside one).
// Quoted cells are unescaped into *storage, which must outlive the views.
void SplitCells(std::string_view line, char delimiter, std::vector<std::string_view>* cells,
                std::vector<std::string>* storage) {
  cells->clear();
  if (line.find('"') == std::string_view::npos) {
    size_t start = 0;
    while (true) {
      const size_t end = line.find(delimiter, start);
      if (end == std::string_view::npos) {
        cells->push_back(line.substr(start));
        return;
      }
      cells->push_back(line.substr(start, end - start));
      start = end + 1;
    }
  }
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

class RowReader {
 public:
  RowReader(const PathColumns& columns, PathTable* table)
      : columns_(columns), table_(table), builder_(table) {}

  void Read(std::string_view line, uint64_t line_number) {
    SplitCells(line, columns_.delimiter, &cells_, &storage_);
    const int needed =
        std::max({columns_.path, columns_.conversions, columns_.value, columns_.nulls}) + 1;
    if (static_cast<int>(cells_.size()) < needed) {
      return Skip(line_number, "expected " + std::to_string(columns_.count) + " columns, found " +
                                   std::to_string(cells_.size()));
    }
    const std::string_view path = Trim(cells_[columns_.path]);
    if (path.size() <= 11) {  // GA4 exports may end with a totals row
      const std::string lower_path = Lower(path);
      if (lower_path == "grand total" || lower_path == "total" || lower_path == "totals") {
        return Skip(line_number, "a totals row, not a path");
      }
    }
    double numbers[3] = {0, 0, 0};
    const int number_columns[3] = {columns_.conversions, columns_.value, columns_.nulls};
    static constexpr const char* kNames[3] = {"conversions", "value", "nulls"};
    for (int i = 0; i < 3; ++i) {
      if (number_columns[i] == kMissing) continue;
      if (!ParseAmount(cells_[number_columns[i]], &numbers[i])) {
        return Skip(line_number, std::string(kNames[i]) + ": '" +
                                     std::string(Trim(cells_[number_columns[i]]).substr(0, 40)) +
                                     "' is not a non-negative number");
      }
    }
    if (!AddPath(path, line_number)) return;
    builder_.EndRow(numbers[0], numbers[1], numbers[2]);
  }

 private:
  bool AddPath(std::string_view path, uint64_t line_number) {
    if (path.empty()) {
      Skip(line_number, "empty path");
      return false;
    }
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find('>', start);
      if (end == std::string_view::npos) end = path.size();
      const std::string_view channel = Trim(path.substr(start, end - start));
      if (channel.empty()) {
        builder_.DiscardRow();
        Skip(line_number, "empty channel in path '" + std::string(path.substr(0, 80)) + "'");
        return false;
      }
      builder_.AddTouch(builder_.ChannelId(channel));
      start = end + 1;
    }
    return true;
  }

  void Skip(uint64_t line_number, std::string message) {
    ++table_->skipped_rows;
    if (table_->errors.size() < PathTable::kMaxErrors) {
      table_->errors.push_back({line_number, std::move(message)});
    }
  }

  PathColumns columns_;
  PathTable* table_;
  PathTableBuilder builder_;
  std::vector<std::string_view> cells_;
  std::vector<std::string> storage_;
};

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
  // One allocation per column instead of repeated growth: rows <= lines, touches <= '>' + lines.
  const size_t lines_left = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '\n')) + 1;
  const size_t arrows = static_cast<size_t>(std::count(bytes.begin(), bytes.end(), '>'));
  table->touch_channel.reserve(arrows + lines_left);
  table->row_begin.reserve(lines_left + 1);
  table->conversions.reserve(lines_left);
  table->value.reserve(lines_left);
  table->nulls.reserve(lines_left);
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
