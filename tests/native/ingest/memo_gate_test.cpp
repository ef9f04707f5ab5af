// MemoGate: a memo that finds too little over a trial of rows rests, then is tried again; one
// that pays stays open.
#include "core/ingest/memo_gate.h"

#include <gtest/gtest.h>

namespace touchpath::testing {
namespace {

// Runs one trial of rows, each with `tries` tries of which `found` found.
void Trial(MemoGate* gate, uint32_t tries, uint32_t found) {
  for (uint32_t row = 0; row < MemoGate::kTrialRows; ++row) {
    ASSERT_TRUE(gate->open()) << "row " << row;
    gate->Count(tries, found);
    gate->EndRow();
  }
}

TEST(MemoGate, StaysOpenWhileEnoughTriesFind) {
  MemoGate gate(25);
  for (int trial = 0; trial < 5; ++trial) Trial(&gate, 4, 1);
  EXPECT_TRUE(gate.open()) << "exactly a quarter pays";
}

TEST(MemoGate, RestsAfterATrialThatFoundTooLittleThenTriesAgain) {
  MemoGate gate(25);
  Trial(&gate, 8, 1);
  for (uint32_t row = 0; row < MemoGate::kRestRows; ++row) {
    ASSERT_FALSE(gate.open()) << "resting, row " << row;
    gate.EndRow();
  }
  EXPECT_TRUE(gate.open()) << "after its rest, the memo is tried again";
  Trial(&gate, 2, 2);
  EXPECT_TRUE(gate.open());
}

TEST(MemoGate, RowsWithoutTriesDoNotCloseIt) {
  MemoGate gate(10);
  Trial(&gate, 0, 0);
  EXPECT_TRUE(gate.open());
}

}  // namespace
}  // namespace touchpath::testing
