// libpg_query ships no pkg-config file; Debian's libpg-query-dev puts the header on the
// default include path and the library on the default link path.
#include <pg_query.h>
