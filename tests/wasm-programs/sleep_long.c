#include <stdio.h>
#include <unistd.h>

/* Sleeps for an hour (poll_oneoff): the host must be able to end the wait. */
int main(void) {
    puts("sleeping");
    fflush(stdout);
    sleep(3600);
    puts("woke up");
    return 0;
}
