#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lists /data (sorted, without . and ..), prints each regular file with its size and content,
   and checks that paths leaving the preopen are refused. */
int main(void) {
    DIR *d = opendir("/data");
    if (!d) { printf("opendir failed\n"); return 1; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "/data/%s", names[i]);
        struct stat st;
        if (stat(path, &st) != 0) { printf("%s: stat failed\n", names[i]); continue; }
        if (S_ISDIR(st.st_mode)) { printf("%s/ (directory)\n", names[i]); continue; }
        printf("%s (%lld bytes): ", names[i], (long long)st.st_size);
        FILE *f = fopen(path, "r");
        if (!f) { printf("open failed\n"); continue; }
        int c;
        while ((c = fgetc(f)) != EOF) putchar(c);
        fclose(f);
        printf("|\n");
    }
    printf("escape via ..: %s\n", open("/data/../../etc/passwd", O_RDONLY) < 0 ? "refused" : "OPENED");
    printf("outside any preopen: %s\n", open("/etc/passwd", O_RDONLY) < 0 ? "refused" : "OPENED");
    printf("missing file: %s\n", fopen("/data/nope.txt", "r") == NULL && errno == ENOENT ? "ENOENT" : "other");
    return 0;
}
