// The module is its header (Sources/CPrefetch/include); SwiftPM builds a C target from at least one source.
#include "statsbench_prefetch.h"
