/* test_search.c: placeholder; the module's tests replace it. */
#include <criterion/criterion.h>
Test(search, placeholder) { cr_assert(1); }
