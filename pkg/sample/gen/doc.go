// Package gen generates the sample data embedded in nollmission.
//
// The sample reproduces the published Nollmission figures for Sweden (see
// testdata/published): the monthly and full-year complaints per million
// purchases 2018 to June 2020, the complaints received by each of the four
// authorities, and CSAT and DSAT January to May 2020. Purchase volumes are
// not published; the monthly volumes in this package are illustrative,
// chosen so that the figures come out as published. From them Generate
// derives, per month:
//
//   - the total complaints, the published rate times the volume, rounded half
//     away from zero (and checked to round back to the published rate);
//   - the authorities' complaints, exactly as published;
//   - customer service and social media, which share the rest about 80/20.
//
// It also checks that every published full-year rate, weighted by purchases,
// rounds to the published figure. From illustrative monthly numbers of survey
// answers it derives the answers per score whose CSAT (4 and 5) and DSAT (1)
// round to the published percentages, and whose best-in-class verdict is the
// one the published percentages give. It writes the published figures
// themselves in the format of `nollmission verify`. The files are:
//
//   - transactions.csv: month,country,transactions
//   - complaints.csv: month,country,channel,complaints
//   - surveys.csv: month,country,score,responses
//   - published.csv: metric,period,value,country,channel
//
// The files in pkg/sample/data are generated; do not edit them by hand. To
// regenerate them after changing the volumes or the published figures, run
//
//	go generate ./pkg/sample
//
// which runs
//
//	go run ./gen/cmd/gensample -published ../../testdata/published -out data
//
// in package sample. The tests fail when the data differ from what Generate
// produces.
package gen
