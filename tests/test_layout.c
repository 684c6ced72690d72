/* test_layout.c: placeholder; the module's tests replace it. */
#include <criterion/criterion.h>
Test(layout, placeholder) { cr_assert(1); }
