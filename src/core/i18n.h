/* SPDX-License-Identifier: MIT */
/* i18n.h: the gettext macros, with stubs when NLS is disabled. */
#ifndef ENROLLKB_I18N_H
#define ENROLLKB_I18N_H

#if ENABLE_NLS
# include <libintl.h>
# define _(s) gettext(s)
#else
# define _(s) ((const char *)(s))
# define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
# define textdomain(d) ((const char *)(d))
# define bindtextdomain(d, dir) ((const char *)(dir))
#endif
#define N_(s) (s)

#endif
