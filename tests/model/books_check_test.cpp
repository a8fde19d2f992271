// The books check (docs/model.md 7.24) must still catch a leak after its
// ledger-vs-agents comparisons were scaled by each account's turnover
// (session 14): a run's books pass, and 1,000 yuan put into one firm's cash,
// or one bank's, without a ledger transfer makes the check fail on that
// account. The leak is injected through the const views the Ecosystem gives
// (the vectors themselves are not const): a test-only mutation standing for
// a module that moves money without booking it.
#include <gtest/gtest.h>

#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

TEST(BooksCheck, ALeakOfAThousandYuanFails) {
  Ecosystem e(small(1500, 3), 5, 0);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  ASSERT_TRUE(e.check_books().ok());
  ASSERT_FALSE(e.firms().empty());
  ASSERT_FALSE(e.banks().empty());

  Firm& firm = const_cast<Firm&>(e.firms().front());
  firm.cash += 1000;
  const BookCheck leaked_firm = e.check_books();
  EXPECT_FALSE(leaked_firm.ok());
  EXPECT_EQ(leaked_firm.worst, "firms: ledger cash vs sum of firm cash");
  firm.cash -= 1000;
  EXPECT_TRUE(e.check_books().ok());

  Bank& bank = const_cast<Bank&>(e.banks().front());
  bank.cash += 1000;
  const BookCheck leaked_bank = e.check_books();
  EXPECT_FALSE(leaked_bank.ok());
  EXPECT_EQ(leaked_bank.worst, "banks: ledger cash vs sum of bank cash");
  bank.cash -= 1000;
  EXPECT_TRUE(e.check_books().ok());
}
