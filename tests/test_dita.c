/* test_dita.c: placeholder; the module's tests replace it. */
#include <criterion/criterion.h>
Test(dita, placeholder) { cr_assert(1); }
