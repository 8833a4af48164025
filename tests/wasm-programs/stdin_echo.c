#include <ctype.h>
#include <stdio.h>

int main(void) {
    char buf[300];
    size_t total = 0, lines = 0, n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        for (size_t i = 0; i < n; i++) {
            if (buf[i] == '\n') lines++;
            buf[i] = (char)toupper((unsigned char)buf[i]);
        }
        fwrite(buf, 1, n, stdout);
        total += n;
    }
    printf("\nbytes=%zu lines=%zu\n", total, lines);
    return 0;
}
