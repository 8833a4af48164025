#include <stdio.h>

int main(void) {
    printf("hello from wasi\n");
    return 0;
}
