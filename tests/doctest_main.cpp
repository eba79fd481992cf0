// The test programs' main: doctest's, plus one rule CTest needs. Each CTest test runs one test case by
// name (`--test-case=<name>`); when that name matches no test case (a name CTest could not carry, such
// as one with a ';', which CMake splits), doctest runs nothing and exits 0, and CTest would count a test
// that never ran as passed. Here a run whose filters match no test case fails instead.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {

bool run_ended = false;
unsigned cases_matched = 0;

struct FilterMatchListener : doctest::IReporter {
    explicit FilterMatchListener(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        run_ended = true;
        cases_matched = stats.numTestCasesPassingFilters;
    }
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};

}  // namespace

DOCTEST_REGISTER_LISTENER("filter_match", 1, FilterMatchListener);

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit()) return result;  // a query (--list-test-cases, --help)
    if (run_ended && cases_matched == 0) {
        std::fprintf(stderr, "%s: no test case matches the filters given: nothing was tested\n", argv[0]);
        return 2;
    }
    return result;
}
