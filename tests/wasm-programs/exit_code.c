#include <stdio.h>
#include <stdlib.h>

/* exit_code MODE N: "return" returns N from main, "exit" calls exit(N) after buffered output. */
int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: exit_code return|exit N\n"); return 2; }
    int code = atoi(argv[2]);
    printf("leaving with %d via %s", code, argv[1]); /* no newline: exit must flush stdio */
    if (argv[1][0] == 'e') exit(code);
    return code;
}
