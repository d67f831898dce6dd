# Reference values for pkg/stats, printed as Go table rows: each row carries
# the R call that produced it. Run with `Rscript testdata/reference.R` (R 4.2.2
# was used) and paste the rows into the tests; the tests themselves never need R.
g <- function(v) ifelse(is.nan(v), "nan", ifelse(is.infinite(v), "inf", sprintf("%.17g", v))) # nan, inf: Go variables in the tests
big <- function(v) sprintf("%.0f", v)

cat("// GarwoodInterval\n")
for (cs in list(c(0, 1e6, .95), c(0, 1e6, .99), c(1, 1e6, .95), c(3, 7, .95), c(228, 4960000, .95),
                c(150, 5e6, .95), c(250, 5e6, .95), c(250, 5e6, .99), c(2033, 61948651, .95),
                c(2033, 61948651, .99), c(2033, 61948651, .5), c(2033, 61948651, .999), c(100000, 1e9, .95))) {
  call <- sprintf("poisson.test(%s, %s/1e6, conf.level = %s)$conf.int", big(cs[1]), big(cs[2]), cs[3])
  ci <- eval(parse(text = call))
  cat(sprintf("{%s, %s, %s, %s, %s}, // %s\n", big(cs[1]), big(cs[2]), cs[3], g(ci[1]), g(ci[2]), call))
}

cat("// WilsonInterval\n")
shares <- list(c(0, 10, .95), c(10, 10, .95), c(3, 10, .95), c(1, 2, .95), c(812, 1000, .95), c(812, 1000, .99),
               c(4500, 5000, .95), c(37, 40000, .95), c(150000, 200000, .99))
for (cs in shares) {
  call <- sprintf("prop.test(%s, %s, correct = FALSE, conf.level = %s)$conf.int", big(cs[1]), big(cs[2]), cs[3])
  ci <- suppressWarnings(eval(parse(text = call)))
  cat(sprintf("{%s, %s, %s, %s, %s}, // %s\n", big(cs[1]), big(cs[2]), cs[3], g(ci[1]), g(ci[2]), call))
}
cat("// ClopperPearsonInterval\n")
for (cs in shares) {
  call <- sprintf("binom.test(%s, %s, conf.level = %s)$conf.int", big(cs[1]), big(cs[2]), cs[3])
  ci <- eval(parse(text = call))
  cat(sprintf("{%s, %s, %s, %s, %s}, // %s\n", big(cs[1]), big(cs[2]), cs[3], g(ci[1]), g(ci[2]), call))
}

cat("// CompareRates: ratio, conf.int, p.value\n")
for (cs in list(c(0, 0, 1e6, 1e6, .95), c(0, 5, 1e6, 2e6, .95), c(5, 0, 1e6, 2e6, .95), c(3, 0, 1, 1, .99),
                c(1, 1, 3, 3, .95), c(10, 3, 100, 100, .95), c(17, 24, 1e6, 1e6, .95), c(200, 200, 5e6, 5e6, .95),
                c(228, 290, 4960000, 5090000, .95), c(228, 290, 4960000, 5090000, .99), c(180, 240, 5012345, 4987654, .95),
                c(150, 250, 5e6, 5e6, .95), c(2033, 2500, 61948651, 60000000, .95), c(2000, 1000, 1e7, 1e7, .95),
                c(20000, 19000, 1e8, 1e8, .99))) {
  call <- sprintf("poisson.test(c(%s, %s), c(%s, %s)/1e6, conf.level = %s)", big(cs[1]), big(cs[2]), big(cs[3]), big(cs[4]), cs[5])
  r <- eval(parse(text = call))
  cat(sprintf("{%s, %s, %s, %s, %s, %s, %s, %s, %s}, // %s\n", big(cs[1]), big(cs[2]), big(cs[3]), big(cs[4]), cs[5],
              g(r$estimate), g(r$conf.int[1]), g(r$conf.int[2]), g(r$p.value), call))
}

cat("// ProbabilityAtMost\n")
for (cs in list(c(0, 0.1), c(5, 0.001), c(30, 25.5), c(200, 180.7), c(250, 300), c(150, 300), c(1000, 950.125), c(3000, 2500.5))) {
  call <- sprintf("ppois(%s, %s)", big(cs[1]), cs[2])
  cat(sprintf("{%s, %s, %s}, // %s\n", big(cs[1]), cs[2], g(eval(parse(text = call))), call))
}
