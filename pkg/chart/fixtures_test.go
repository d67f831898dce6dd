package chart

import (
	"math"
	"strconv"
)

// Fixtures: the programme's published figures (Sweden, 2018 – June 2020),
// labelled in English and in Swedish as the caller would.

var (
	monthsEN = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthsSV = []string{"Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"}
	english  = NumberFormat{Decimal: ".", Thousands: ",", Percent: "%"}
	swedish  = NumberFormat{Decimal: ",", Thousands: "\u00a0", Percent: "\u00a0%"}
)

// published is complaints per million purchases, January 2018 to June 2020.
var published = []float64{
	57, 77, 69, 79, 63, 35, 52, 27, 31, 28, 26, 22,
	46, 43, 39, 30, 39, 40, 43, 23, 30, 31, 17, 24,
	20, 15, 9, 10, 6, 8,
}

func ptr(v float64) *float64 { return &v }

func ptrs(values ...float64) []*float64 {
	out := make([]*float64, len(values))
	for i, v := range values {
		out[i] = ptr(v)
	}
	return out
}

// months labels n months from January of year.
func months(names []string, year, n int) (labels, years []string) {
	return monthsFrom(names, year, 1, n)
}

// monthsFrom labels n months from the given month (1–12) of year.
func monthsFrom(names []string, year, month, n int) (labels, years []string) {
	for i := range n {
		m := month - 1 + i
		labels = append(labels, names[m%12])
		years = append(years, strconv.Itoa(year+m/12))
	}
	return labels, years
}

func rateChart(sv bool) *RateChart {
	names, nf := monthsEN, english
	title, desc, ylabel := "Complaints per million purchases, Sweden",
		"Monthly complaints to authorities and customer service per million purchases, January 2018 to June 2020, with the 2020 target of 28 and the 2019 full year of 33.",
		"Complaints per million purchases"
	target, full := "Target 2020: 28", "Full year 2019: 33"
	if sv {
		names, nf = monthsSV, swedish
		title, desc, ylabel = "Klagomål per miljon köp, Sverige",
			"Klagomål till myndigheter och kundservice per miljon köp per månad, januari 2018 till juni 2020, med målet 28 för 2020 och helåret 2019 på 33.",
			"Klagomål per miljon köp"
		target, full = "Mål 2020: 28", "Helår 2019: 33"
	}
	labels, years := months(names, 2018, len(published))
	return &RateChart{
		Frame:    Frame{Title: title, Desc: desc, Months: labels, Years: years, YLabel: ylabel, Numbers: nf},
		Rate:     Series{Name: ylabel, Values: ptrs(published...)},
		Target:   &Line{Value: 28, Label: target},
		FullYear: &Line{Value: 33, Label: full},
	}
}

// rateYearWithGap is one year in which July had no purchases.
func rateYearWithGap() *RateChart {
	values := ptrs(published[12:24]...)
	values[6] = nil
	texts := make([]string, 12)
	for i, v := range values {
		if v != nil {
			texts[i] = english.format(*v, 0)
		}
	}
	return &RateChart{
		Frame: Frame{Title: "Complaints per million purchases, 2019", Desc: "July had no purchases.",
			Months: monthsEN, YLabel: "per million", Numbers: english},
		Rate:   Series{Values: values, Texts: texts},
		Target: &Line{Value: 33, Label: "Target: 33"},
	}
}

// purchases is millions of purchases a month, for the control limits.
var purchases = []float64{
	1.10, 1.02, 1.15, 1.12, 1.20, 1.18, 1.09, 1.16, 1.22, 1.30, 1.62, 1.75,
	1.21, 1.08, 1.19, 1.17, 1.26, 1.22, 1.14, 1.20, 1.27, 1.36, 1.71, 1.83,
}

// controlChart is a u chart of 2018–2019: the limits step with each
// month's purchases, and the months outside them signal (rule 1); the run
// of low months at the end of 2019 signals rule 2.
func controlChart(sv bool) *ControlChart {
	names, nf := monthsEN, english
	title, ylabel := "Control chart (u): complaints per million purchases", "per million purchases"
	center, limits, signal, rate := "Centre ", "Control limits (3σ)", "Signal (rule)", "Monthly rate"
	if sv {
		names, nf = monthsSV, swedish
		title, ylabel = "Styrdiagram (u): klagomål per miljon köp", "per miljon köp"
		center, limits, signal, rate = "Centrum ", "Styrgränser (3σ)", "Signal (regel)", "Månadens nivå"
	}
	labels, years := months(names, 2018, 24)
	values := ptrs(published[:24]...)
	var sum, n float64
	for i, v := range values {
		sum += *v * purchases[i]
		n += purchases[i]
	}
	ubar := math.Round(sum/n*10) / 10
	lower, upper := make([]*float64, 24), make([]*float64, 24)
	signals := make([][]int, 24)
	for i := range values {
		sigma := 3 * math.Sqrt(ubar/purchases[i])
		lower[i], upper[i] = ptr(math.Max(0, ubar-sigma)), ptr(ubar+sigma)
		if *values[i] > *upper[i] || *values[i] < *lower[i] {
			signals[i] = []int{1}
		}
	}
	signals[22] = append(signals[22], 2)
	return &ControlChart{
		Frame:  Frame{Title: title, Desc: title + ".", Months: labels, Years: years, YLabel: ylabel, Numbers: nf},
		Rate:   Series{Name: rate, Values: values},
		Center: Line{Value: ubar, Label: center + nf.format(ubar, 1)}, Lower: lower, Upper: upper,
		LimitsLabel: limits, Signals: signals, SignalLabel: signal,
	}
}

// surveyChart is the published CSAT and DSAT, January to May 2020.
func surveyChart(sv bool) *SurveyChart {
	csat := []float64{84.0, 86.3, 86.4, 85.4, 85.0}
	dsat := []float64{4.4, 3.7, 3.7, 5.0, 5.3}
	names, nf := monthsEN, english
	title := "Customer satisfaction after contact, 2020"
	csatName, dsatName := "CSAT (answered 4 or 5)", "DSAT (answered 1)"
	csatLine, dsatLine := "COPC best in class: above 85%", "COPC best in class: below 5%"
	if sv {
		names, nf = monthsSV, swedish
		title = "Kundnöjdhet efter kontakt, 2020"
		csatName, dsatName = "CSAT (svarat 4 eller 5)", "DSAT (svarat 1)"
		csatLine, dsatLine = "COPC världsklass: över 85 %", "COPC världsklass: under 5 %"
	}
	texts := func(values []float64) []string {
		out := make([]string, 12)
		for i, v := range values {
			out[i] = nf.format(v, 1) + nf.percent()
		}
		return out
	}
	pad := func(values []float64) []*float64 { return append(ptrs(values...), make([]*float64, 12-len(values))...) }
	return &SurveyChart{
		Frame:         Frame{Title: title, Desc: title + ".", Months: names, Numbers: nf},
		CSAT:          Series{Name: csatName, Values: pad(csat), Texts: texts(csat)},
		DSAT:          Series{Name: dsatName, Values: pad(dsat), Texts: texts(dsat)},
		CSATThreshold: &Line{Value: 85, Label: csatLine},
		DSATThreshold: &Line{Value: 5, Label: dsatLine},
	}
}

// breakdownChart is the published external complaints per authority, 2019.
func breakdownChart(sv bool) *BreakdownChart {
	title, ylabel := "External complaints by authority, 2019", "complaints"
	names, nf := monthsEN, english
	if sv {
		title, ylabel, names, nf = "Externa klagomål per myndighet, 2019", "klagomål", monthsSV, swedish
	}
	return &BreakdownChart{
		Frame: Frame{Title: title, Desc: title + ".", Months: names, YLabel: ylabel, Numbers: nf},
		Parts: []Part{
			{Key: "Konsumentverket", Counts: []int64{25, 25, 31, 26, 40, 21, 24, 22, 15, 23, 21, 28}},
			{Key: "Datainspektionen", Counts: []int64{15, 4, 14, 21, 18, 9, 13, 4, 5, 11, 9, 6}},
			{Key: "Allmänna reklamationsnämnden", Counts: []int64{8, 4, 3, 4, 13, 9, 5, 4, 3, 5, 6, 9}},
			{Key: "Finansinspektionen", Counts: []int64{8, 9, 6, 6, 13, 6, 11, 6, 5, 7, 9, 9}},
		},
	}
}
