#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    unsigned char a[256], b[256];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    int ok = getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0;
    int differ = memcmp(a, b, sizeof a) != 0;
    int counts[256] = {0}, distinct = 0;
    for (int i = 0; i < 256; i++) counts[a[i]]++;
    for (int i = 0; i < 256; i++) distinct += counts[i] > 0;
    printf("getentropy ok: %s\n", ok ? "yes" : "no");
    printf("two draws differ: %s\n", differ ? "yes" : "no");
    printf("at least 100 distinct byte values in 256: %s\n", distinct >= 100 ? "yes" : "no");
    return 0;
}
