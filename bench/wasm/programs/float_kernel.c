/* Floating point: an n-body simulation (double precision, sqrt) and a dense matrix multiply. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "bench_clock.h"

typedef struct { double x, y, z, vx, vy, vz, mass; } body;

static void advance(body *b, int n, double dt) {
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            b[i].vx -= dx * b[j].mass * mag; b[i].vy -= dy * b[j].mass * mag; b[i].vz -= dz * b[j].mass * mag;
            b[j].vx += dx * b[i].mass * mag; b[j].vy += dy * b[i].mass * mag; b[j].vz += dz * b[i].mass * mag;
        }
    for (int i = 0; i < n; i++) { b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz; }
}

static double energy(const body *b, int n) {
    double e = 0;
    for (int i = 0; i < n; i++) {
        e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < n; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].mass * b[j].mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

#define M 96
static double a[M][M], bm[M][M], c[M][M];

int main(int argc, char **argv) {
    int steps = bench_arg(argc, argv, 400000);
    body bodies[5] = {
        {0, 0, 0, 0, 0, 0, 39.47841760435743},
        {4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037},
        {8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011},
        {12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017},
        {15.37, -25.91, 0.179, 0.979, 0.594, -0.034, 0.002},
    };
    for (int i = 0; i < M; i++) for (int j = 0; j < M; j++) { a[i][j] = (i + 1.0) / (j + 2.0); bm[i][j] = (i - j) * 0.25; }
    long long start = bench_now_ns();
    for (int s = 0; s < steps; s++) advance(bodies, 5, 0.01);
    double e = energy(bodies, 5);
    for (int r = 0; r < steps / 20000 + 1; r++)
        for (int i = 0; i < M; i++)
            for (int j = 0; j < M; j++) {
                double sum = 0;
                for (int k = 0; k < M; k++) sum += a[i][k] * bm[k][j];
                c[i][j] = sum + r;
            }
    long long ns = bench_now_ns() - start;
    double trace = 0;
    for (int i = 0; i < M; i++) trace += c[i][i];
    bench_report("float_kernel", (unsigned long long)(int64_t)(e * 1e9) ^ (unsigned long long)(int64_t)trace, ns);
    return 0;
}
