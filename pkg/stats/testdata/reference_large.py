# Reference values for the large-count tests of pkg/stats (TestLargeCounts*),
# printed as Go table rows. R was not at hand when they were made, so they
# come from mpmath at 60 significant digits, from the definitions:
#
#   Clopper-Pearson (R: binom.test(x, n, conf.level)$conf.int):
#     p.L solves P(X >= x) = a/2 and p.U solves P(X <= x) = a/2, X ~ Bin(n, p);
#   Garwood (R: poisson.test(x, T/1e6, conf.level)$conf.int):
#     mu.L solves P(Y >= x) = a/2, mu.U solves P(Y <= x) = a/2, Y ~ Poisson(mu),
#     and the rate is mu / (T/1e6);
#   poisson.test(c(xA, xB), c(TA, TB)/1e6): the Clopper-Pearson interval of
#     xA of xA+xB mapped by pi/(1-pi)*TB/TA, and binom.test's two-sided
#     "minlike" p-value at p = TA/(TA+TB), q = TB/(TA+TB) exactly.
#
# A tail with at most four terms is summed exactly (dbinom and dpois from
# loggamma); a longer one is the integral of the Beta or Gamma density over
# 60 standard deviations beyond the point (mpmath.quad, 40 panels), checked
# against the exact sums where these are short (`reference_large.py check`:
# n = 20000, x = 10000, and a Poisson count of 10000, to 1e-50). The roots are
# mpmath.findroot's to 60 digits. Run: python3 testdata/reference_large.py
import sys
import mpmath as mp
from mpmath import mpf

mp.mp.dps = 60


def g(v):
    return "%.17g" % float(v)


def logchoose(n, k):
    return mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)


def dbinom(k, n, p, q):
    return mp.exp(logchoose(n, k) + k * mp.log(p) + (n - k) * mp.log(q))


def beta_logdens(a, b):
    logB = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
    return lambda t, u: (a - 1) * mp.log(t) + (b - 1) * mp.log(u) - logB  # u = 1 - t


def beta_sd(a, b):
    return mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))


def integrate(f, lo, hi):
    return mp.quad(f, mp.linspace(lo, hi, 41))


def binom_at_least(x, n, p, q):
    """P(X >= x), X ~ Bin(n, p), q = 1 - p given exactly."""
    if x <= 0:
        return mpf(1)
    if n - x <= 3:
        return mp.fsum(dbinom(k, n, p, q) for k in range(x, n + 1))
    if x <= 4:
        return 1 - mp.fsum(dbinom(k, n, p, q) for k in range(0, x))
    a, b = mpf(x), mpf(n - x + 1)  # I_p(x, n-x+1): the Beta density below p
    ld, s = beta_logdens(a, b), beta_sd(a, b)
    return integrate(lambda t: mp.exp(ld(t, 1 - t)), max(mpf(0), p - 60 * s), p)


def binom_at_most(x, n, p, q):
    """P(X <= x)."""
    if x >= n:
        return mpf(1)
    if x <= 3:
        return mp.fsum(dbinom(k, n, p, q) for k in range(0, x + 1))
    if n - x <= 4:
        return 1 - mp.fsum(dbinom(k, n, p, q) for k in range(x + 1, n + 1))
    a, b = mpf(x + 1), mpf(n - x)  # 1 - I_p(x+1, n-x): the Beta density above p
    ld, s = beta_logdens(a, b), beta_sd(a, b)
    return integrate(lambda t: mp.exp(ld(t, 1 - t)), p, min(mpf(1), p + 60 * s))


def solve(f, target, guess, step):
    """The root of f(v) = target by secant steps from guess and guess + step."""
    return mp.findroot(lambda v: f(v) - target, (guess, guess + step), solver="secant", tol=mpf(10) ** -90, maxsteps=500)


def clopper_pearson(x, n, level):
    h = (1 - mpf(level)) / 2
    z = mp.sqrt(2) * mp.erfinv(1 - 2 * h)
    step = mp.sqrt(min(x, n - x) + 1) / n / 100
    if x == 0:
        low = mpf(0)
    elif n - x < x:  # solve for 1 - p, so that a bound near 1 keeps its digits
        qs = (mpf(n - x) + z * mp.sqrt(n - x + 1)) / n
        low = 1 - solve(lambda qq: binom_at_least(x, n, 1 - qq, qq), h, qs, step)
    else:
        ps = max(mpf(x) - z * mp.sqrt(x), mpf(x) / 10) / n
        low = solve(lambda p: binom_at_least(x, n, p, 1 - p), h, ps, step)
    if x == n:
        high = mpf(1)
    elif n - x < x:
        qs = max(mpf(n - x) - z * mp.sqrt(n - x), mpf(n - x) / 10 + mpf(1) / n) / n
        high = 1 - solve(lambda qq: binom_at_most(x, n, 1 - qq, qq), h, qs, step)
    else:
        ps = (mpf(x) + z * mp.sqrt(x + 1) + 1) / n
        high = solve(lambda p: binom_at_most(x, n, p, 1 - p), h, ps, step)
    return low, high


def dpois(k, mu):
    return mp.exp(k * mp.log(mu) - mu - mp.loggamma(k + 1))


def pois_at_least(x, mu):
    if x <= 4:
        return 1 - mp.fsum(dpois(k, mu) for k in range(0, x))
    a = mpf(x)  # the Gamma(x) density below mu
    logG = mp.loggamma(a)
    return integrate(lambda t: mp.exp((a - 1) * mp.log(t) - t - logG), max(mpf(0), mu - 60 * mp.sqrt(a)), mu)


def pois_at_most(x, mu):
    if x <= 3:
        return mp.fsum(dpois(k, mu) for k in range(0, x + 1))
    a = mpf(x + 1)  # the Gamma(x+1) density above mu
    logG = mp.loggamma(a)
    return integrate(lambda t: mp.exp((a - 1) * mp.log(t) - t - logG), mu, mu + 60 * mp.sqrt(a))


def garwood(x, level):
    h = (1 - mpf(level)) / 2
    z = mp.sqrt(2) * mp.erfinv(1 - 2 * h)
    low = mpf(0) if x == 0 else solve(lambda m: pois_at_least(x, m), h, max(mpf(x) - z * mp.sqrt(x), mpf(x) / 10), mp.sqrt(x + 1) / 100)
    high = solve(lambda m: pois_at_most(x, m), h, mpf(x) + z * mp.sqrt(x + 1) + 1, mp.sqrt(x + 1) / 100)
    return low, high


def minlike(x, n, p, q):
    """binom.test(x, n, p)$p.value, two-sided, R's relErr 1 + 1e-7."""
    logd = logchoose(n, x) + x * mp.log(p) + (n - x) * mp.log(q) + mp.log(1 + mpf(10) ** -7)
    logpmf = lambda i: logchoose(n, i) + i * mp.log(p) + (n - i) * mp.log(q)
    m = n * p
    if x < m:  # first i >= ceil(m) with dbinom(i) <= d*relErr
        lo, hi = int(mp.ceil(m)), n + 1
        while lo < hi:
            mid = (lo + hi) // 2
            if logpmf(mid) <= logd:
                hi = mid
            else:
                lo = mid + 1
        return min(mpf(1), binom_at_most(x, n, p, q) + binom_at_least(lo, n, p, q))
    lo, hi = 0, int(mp.floor(m)) + 1  # count of i <= floor(m) with dbinom(i) <= d*relErr
    while lo < hi:
        mid = (lo + hi) // 2
        if logpmf(mid) <= logd:
            lo = mid + 1
        else:
            hi = mid
    return min(mpf(1), binom_at_most(lo - 1, n, p, q) + binom_at_least(x, n, p, q))


def compare(xA, xB, TA, TB, level):
    n = xA + xB
    low, high = clopper_pearson(xA, n, level)
    k = mpf(TB) / TA
    ratio = mpf(xA) * TB / (mpf(xB) * TA)
    return ratio, low / (1 - low) * k, high / (1 - high) * k, minlike(xA, n, mpf(TA) / (TA + TB), mpf(TB) / (TA + TB))


if __name__ == "__main__":
    if "check" in sys.argv:  # the integrals against the exact sums, where these are short enough
        n, x = 20000, 10000
        for p in (mpf("0.49"), mpf("0.5"), mpf("0.507")):
            print(binom_at_least(x, n, p, 1 - p) / mp.fsum(dbinom(k, n, p, 1 - p) for k in range(x, n + 1)) - 1,
                  binom_at_most(x, n, p, 1 - p) / mp.fsum(dbinom(k, n, p, 1 - p) for k in range(0, x + 1)) - 1)
        for mu in (mpf(9800), mpf(10000), mpf(10190)):
            print(pois_at_least(10000, mu) / (1 - mp.fsum(dpois(k, mu) for k in range(0, 10000))) - 1,
                  pois_at_most(10000, mu) / mp.fsum(dpois(k, mu) for k in range(0, 10001)) - 1)
        sys.exit()
    print("// ClopperPearsonInterval")
    for e in (6, 9, 12, 15, 18):
        n = 10 ** e
        for x in (0, 1, 3, n // 2, n - 3, n):
            low, high = clopper_pearson(x, n, 0.95)
            print("{%d, %d, 0.95, %s, %s}, // binom.test(%d, %d, conf.level = 0.95)$conf.int" % (x, n, g(low), g(high), x, n))
    for (x, n, level) in [(3, 9223372036854775807, 0.95), (9223372036854775804, 9223372036854775807, 0.99),
                          (4611686018427387903, 9223372036854775807, 0.99), (3, 100000000000000000, 0.95),
                          (99999999999999997, 100000000000000000, 0.95)]:
        low, high = clopper_pearson(x, n, level)
        print("{%d, %d, %s, %s, %s}, // binom.test(%d, %d, conf.level = %s)$conf.int" % (x, n, level, g(low), g(high), x, n, level))
    print("// GarwoodInterval")
    T = 9000000000000000000
    for (x, t, level) in [(0, T, 0.95), (1, T, 0.95), (3, T, 0.95), (10 ** 6, T, 0.95), (10 ** 9, T, 0.95),
                          (10 ** 12, T, 0.95), (10 ** 15, T, 0.95), (10 ** 15, T, 0.99), (10 ** 15, 10 ** 15, 0.95)]:
        low, high = garwood(x, level)
        m = mpf(t) / 10 ** 6
        print("{%d, %d, %s, %s, %s}, // poisson.test(%d, %d/1e6, conf.level = %s)$conf.int" % (x, t, level, g(low / m), g(high / m), x, t, level))
    print("// CompareRates")
    for (xA, xB, TA, TB, level) in [(999999900000000, 10 ** 15, T, T, 0.95), (10 ** 15, 3, T, 10 ** 6, 0.95),
                                    (3, 10 ** 15, 10 ** 6, T, 0.95), (10 ** 12, 10 ** 12 + 3000000, 4 * 10 ** 18, 4 * 10 ** 18 + 12000000000000, 0.99)]:
        r = compare(xA, xB, TA, TB, level)
        print("{%d, %d, %d, %d, %s, %s, %s, %s, %s}, // poisson.test(c(%d, %d), c(%d, %d)/1e6, conf.level = %s)" %
              (xA, xB, TA, TB, level, g(r[0]), g(r[1]), g(r[2]), g(r[3]), xA, xB, TA, TB, level))
