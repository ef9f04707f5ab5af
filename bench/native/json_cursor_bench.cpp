// Throughput of the ingest hot path's first two stages on GA4-shaped input: splitting a
// stream into records, and walking or skipping one record with JsonCursor.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ingest/record_splitter.h"
#include "core/json/json_cursor.h"
#include "tests/native/support/json_walk.h"

namespace touchpath {
namespace {

using testing::WalkValue;

// One GA4 BigQuery-export row shaped like the obfuscated sample (~2.5 KB: nested params,
// items, \u003c escapes, INT64 values as strings).
std::string Ga4LikeRow() {
  std::string row =
      R"j({"event_date":"20201210","event_timestamp":"1607615248873729","event_name":"purchase",)j"
      R"j("event_params":[)j";
  const char* params[] = {
      R"j({"key":"shipping_tier","value":{"string_value":"FedEx 2Day"}})j",
      R"j({"key":"session_engaged","value":{"string_value":"1"}})j",
      R"j({"key":"ga_session_id","value":{"int_value":"2315275013"}})j",
      R"j({"key":"payment_type","value":{"string_value":"Pay with credit card"}})j",
      R"j({"key":"engagement_time_msec","value":{"int_value":"1"}})j",
      R"j({"key":"tax","value":{"double_value":15.09}})j",
      R"j({"key":"page_title","value":{"string_value":"Checkout \u003c Confirmation"}})j",
      R"j({"key":"all_data","value":{}})j",
      R"j({"key":"page_location","value":{"string_value":"https://shop.example.com/ordercompleted.html"}})j",
      R"j({"key":"value","value":{"double_value":137.8}})j"};
  for (const char* param : params) {
    row += param;
    row += ',';
  }
  row.back() = ']';
  row += R"j(,"event_value_in_usd":138,"user_pseudo_id":"31733645.3711323316","privacy_info":)j"
         R"j({"uses_transient_token":"No"},"user_properties":[],"user_ltv":{"revenue":339,)j"
         R"j("currency":"USD"},"device":{"category":"desktop","mobile_brand_name":"Apple",)j"
         R"j("mobile_marketing_name":"\u003cOther\u003e","operating_system":"Web","language":)j"
         R"j("en-gb","is_limited_ad_tracking":"No","web_info":{"browser":"Chrome",)j"
         R"j("browser_version":"86.0"}},"geo":{"continent":"Europe","country":"Germany",)j"
         R"j("region":"Bavaria","city":"(not set)","metro":"(not set)"},"traffic_source":)j"
         R"j({"medium":"referral","name":"(referral)","source":"\u003cOther\u003e"},)j"
         R"j("stream_id":"2100450278","platform":"WEB","items":[)j";
  for (int item = 0; item < 4; ++item) {
    row += R"j({"item_id":"9184829","item_name":"Google Light Pen Blue","item_brand":"Google",)j"
           R"j("item_variant":"Single Option Only","item_category":"Writing Instruments",)j"
           R"j("price_in_usd":2,"price":2.5,"quantity":"1","coupon":"(not set)",)j"
           R"j("promotion_name":"(not set)"},)j";
  }
  row.back() = ']';
  row += '}';
  return row;
}

// A benchmark of a parse that fails early would measure nothing.
bool RowIsValid(const std::string& row) {
  JsonCursor cursor(row);
  return WalkValue(cursor) && cursor.AtEnd();
}

void BM_JsonCursor_SkipValue(benchmark::State& state) {
  const std::string row = Ga4LikeRow();
  if (!RowIsValid(row)) state.SkipWithError("the synthetic row is not valid JSON");
  JsonCursor cursor;
  for (auto _ : state) {
    cursor.Reset(row);
    bool ok = cursor.SkipValue();
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * row.size()));
}
BENCHMARK(BM_JsonCursor_SkipValue)->UseRealTime();

// The event_params array of a page_view with long URLs full of \u0026 escapes (~1 KB): a
// container a projected load skips whole, and the case where a scan that stops at every
// backslash is slowest.
std::string EscapedUrlParams() {
  const std::string url =
      R"j(https://shop.example.com/search?q=trail\u0026utm_source=google\u0026utm_medium=cpc)j"
      R"j(\u0026utm_campaign=generic_search\u0026gclid=Cj0KCQjw325316849519\u0026page=2)j";
  std::string params = "[";
  for (const char* key : {"page_location", "page_referrer", "link_url", "outbound_url"}) {
    params += R"j({"key":")j" + std::string(key) + R"j(","value":{"string_value":")j" + url +
              R"j(","int_value":null,"float_value":null,"double_value":null}},)j";
  }
  params.back() = ']';
  return params;
}

void BM_JsonCursor_SkipValue_EscapedUrlParams(benchmark::State& state) {
  const std::string params = EscapedUrlParams();
  if (!RowIsValid(params)) state.SkipWithError("the synthetic params are not valid JSON");
  JsonCursor cursor;
  for (auto _ : state) {
    cursor.Reset(params);
    bool ok = cursor.SkipValue();
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * params.size()));
}
BENCHMARK(BM_JsonCursor_SkipValue_EscapedUrlParams)->UseRealTime();

void BM_JsonCursor_WalkEveryValue(benchmark::State& state) {
  const std::string row = Ga4LikeRow();
  if (!RowIsValid(row)) state.SkipWithError("the synthetic row is not valid JSON");
  JsonCursor cursor;
  for (auto _ : state) {
    cursor.Reset(row);
    bool ok = WalkValue(cursor);
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * row.size()));
}
BENCHMARK(BM_JsonCursor_WalkEveryValue)->UseRealTime();

class CountingSink : public RecordSink {
 public:
  void OnRecord(const Record& record) override { bytes += record.text.size(); }
  void OnError(uint64_t, std::string_view) override { ++errors; }
  uint64_t bytes = 0;
  uint64_t errors = 0;
};

// Splits ~16 MB of records fed in chunks of state.range(0) bytes.
void RunSplitter(benchmark::State& state, const std::string& input) {
  const size_t chunk_size = static_cast<size_t>(state.range(0));
  RecordSplitter splitter;
  for (auto _ : state) {
    CountingSink sink;
    splitter.Reset();
    for (size_t begin = 0; begin < input.size(); begin += chunk_size) {
      splitter.Feed(std::string_view(input).substr(begin, chunk_size), sink);
    }
    splitter.Finish(sink);
    benchmark::DoNotOptimize(sink.bytes);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.size()));
}

constexpr int kRowsPerInput = 6000;

void BM_RecordSplitter_Ndjson(benchmark::State& state) {
  const std::string row = Ga4LikeRow();
  std::string input;
  for (int i = 0; i < kRowsPerInput; ++i) input += row + '\n';
  RunSplitter(state, input);
}
BENCHMARK(BM_RecordSplitter_Ndjson)->UseRealTime()->Arg(64 << 10)->Arg(1 << 20);

void BM_RecordSplitter_JsonArray(benchmark::State& state) {
  const std::string row = Ga4LikeRow();
  std::string input = "[\n";
  for (int i = 0; i < kRowsPerInput; ++i) input += row + ",\n";
  input.back() = ']';
  input[input.size() - 2] = '\n';
  RunSplitter(state, input);
}
BENCHMARK(BM_RecordSplitter_JsonArray)->UseRealTime()->Arg(64 << 10)->Arg(1 << 20);

}  // namespace
}  // namespace touchpath

BENCHMARK_MAIN();
