/* bench scenario 5, context: an idle C process linked with the same shared libraries as checktick-jobs.
   Prints "ready" and sleeps; bench.py reads its VmRSS meanwhile. Linked with --no-as-needed so that
   each library is loaded (and relocated) even though main() calls none of it. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("ready\n");
    fflush(stdout);
    sleep(3);
    return 0;
}
