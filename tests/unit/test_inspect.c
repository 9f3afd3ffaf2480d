/*
 * What an export looks like from its headers alone (ovp_input_kind_of()):
 * the kind a tool's export or a full set of required columns tells, and
 * no kind when the headers do not tell.  The tests run in tests/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

#include <overpromise/overpromise.h>

#include "src/inspect.h"

static ovp_input_kind
kind_of(const char *path)
{
	ovp_input_kind kind = OVP_INPUT_ROADMAP;
	ovp_error err;

	assert_int_equal(ovp_input_kind_of(path, NULL, &kind, &err), 0);
	return kind;
}

/* Every example export is told apart by its headers. */
static void
test_examples(void **state)
{
	static const char *const roadmaps[] = {"aha.csv", "asana.csv", "azure-devops.csv",
	                                       "github-projects.tsv", "jira-cloud.csv",
	                                       "jira-product-discovery.csv", "jira-server.csv",
	                                       "linear.csv", "productboard.csv", "sheet-roadmap.csv"};
	static const char *const deals[] = {"dynamics365.csv", "excel-semicolon.csv", "hubspot.csv",
	                                    "pipedrive.csv", "salesforce-dataloader.csv",
	                                    "salesforce-report.csv", "zoho.csv"};
	char path[256];

	(void)state;
	for (size_t i = 0; i < sizeof roadmaps / sizeof roadmaps[0]; i++) {
		snprintf(path, sizeof path, "../examples/exports/%s", roadmaps[i]);
		if (kind_of(path) != OVP_INPUT_ROADMAP)
			fail_msg("%s does not look like a roadmap", path);
	}
	for (size_t i = 0; i < sizeof deals / sizeof deals[0]; i++) {
		snprintf(path, sizeof path, "../examples/exports/%s", deals[i]);
		if (kind_of(path) != OVP_INPUT_DEALS)
			fail_msg("%s does not look like deals", path);
	}
	assert_int_equal(kind_of("../examples/roadmap.csv"), OVP_INPUT_ROADMAP);
	assert_int_equal(kind_of("../examples/deals.csv"), OVP_INPUT_DEALS);
}

/* Headers that tell neither kind leave it open; what cannot be read is an error. */
static void
test_undecided_and_errors(void **state)
{
	char path[] = "/tmp/ovp-kind-XXXXXX";
	ovp_input_kind kind = OVP_INPUT_DEALS;
	ovp_error err;
	FILE *fp;
	int fd;

	(void)state;
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("Colour,Size,Weight\nred,10,3\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(kind_of(path), OVP_INPUT_GUESS);
	unlink(path);

	assert_int_equal(ovp_input_kind_of("-", NULL, &kind, &err), OVP_EUSAGE);
	assert_int_equal(kind, OVP_INPUT_GUESS);
	kind = OVP_INPUT_DEALS;
	assert_int_equal(ovp_input_kind_of("../examples/nosuch.csv", NULL, &kind, &err), OVP_EIO);
	assert_int_equal(kind, OVP_INPUT_GUESS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test_teardown(test_undecided_and_errors, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
