/*
 * The library's version, set by the build.
 */
#include <overpromise/common.h>

#include "ovp_build.h"

const char *
ovp_version(void)
{
	return OVP_VERSION;
}
