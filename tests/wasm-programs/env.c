#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(void) {
    int n = 0;
    for (char **e = environ; *e; e++) printf("env[%d]=[%s]\n", n++, *e);
    const char *g = getenv("GREETING");
    printf("GREETING=%s\n", g ? g : "(unset)");
    printf("MISSING=%s\n", getenv("MISSING") ? "set" : "(unset)");
    return 0;
}
