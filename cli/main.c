/* Placeholder until the command lands. */
#include <stdio.h>
#include <overpromise/overpromise.h>
int main(void) { printf("overpromise %s\n", ovp_version()); return 0; }
