package report

import (
	"fmt"

	"github.com/nollmission/nollmission/pkg/analysis"
	"github.com/nollmission/nollmission/pkg/locale"
	"github.com/nollmission/nollmission/pkg/stats"
)

// westernElectricRules are the rules' English words as the control command
// gives them: one wording for both.
func westernElectricRules() (words [4]string) {
	for i := range words {
		words[i] = analysis.RuleDescription(stats.WesternElectric, i+1)
	}
	return words
}

// texts are every word of the page and its charts. Fields that say "format"
// are fmt formats; their arguments are listed.
type texts struct {
	// Page.
	Title    string
	Subtitle string // format: country name, time-zone
	Sample   string
	Lang     string // the html lang attribute
	// ChartInHTML follows a chart's title where the chart cannot be drawn
	// (Markdown).
	ChartInHTML string

	// Main table.
	MainHeading    string
	MainCaption    string
	Year, FullYear string
	Weighting      string // format: country name
	YearToDate     string // format: months covered; marks a year in progress

	// Progress.
	ProgressHeading string
	ProgressCols    [8]string // year, baseline, target, actual, target reduction, achieved reduction, attainment, status
	Status          map[string]string
	StillNeeded     string // format: year, missing months, rate the rest must hold
	StillNeededLast string // format: year, rate the one month left must hold
	CannotBeMet     string // format: year
	TargetsFromFile string // format: file
	TargetsSample   string
	NoTargets       string
	ProgressNote    string

	// Charts.
	ChartsHeading  string
	RateTitle      string // format: country name
	RateDesc       string // format: first month, last month
	RateAxis       string
	TargetLine     string // format: year, target
	FullYearLine   string // format: year, rate
	YearToDateLine string // format: year, rate

	ControlTitle   string
	ControlDesc    string // format: first month, last month
	ControlRate    string
	ControlLimits  string
	ControlSignal  string
	ControlCenter  string // format: centre
	Signals        string
	NoSignals      string
	SignalMonth    string // format: month, rules
	Rules          [4]string
	RuleWord       string
	ControlMethod  string
	ControlMissing string // format: reason

	// External complaints.
	ExternalHeading string // format: country name
	Authority       string
	Authorities     map[string]string
	Total           string
	BreakdownTitle  string // format: country name
	BreakdownDesc   string // format: first month, last month
	BreakdownAxis   string
	Channels        map[string]string
	Other           string
	// NoChannel or NoChannelYear (format: year), then NoChannelFix, stand
	// in place of the table and chart when no complaint has a channel.
	NoChannel     string
	NoChannelYear string
	NoChannelFix  string

	// CSAT.
	CSATHeading   string
	CSATIntro     []string
	CSATRule      string // format: rule
	CSATVerdict   string // format: year label, verdict
	Yes, No, And  string
	NoAnswers     string
	CSATTitle     string
	CSATDesc      string // format: first month, last month
	CSATSeries    string // format: scores
	DSATSeries    string // format: scores
	CSATLine      string // format: threshold
	DSATLine      string // format: threshold
	Or            string
	NoSurveys     string
	NoSurveysYear string // format: year

	// Published figures.
	PublishedHeading string
	PublishedAll     string // format: checked, files
	PublishedOnlyOne string // format: files; the one figure checked matches
	PublishedNone    string // format: files; none of their figures is on the page
	PublishedSome    string // format: mismatches, checked, files
	PublishedNote    string // format: published value
	PublishedNoData  string // format: published value
	// PublishedYearToDate: published value, months covered.
	PublishedYearToDate string
	PublishedSum        string // format: sum of the published authorities
	PublishedOther      string // format: count of figures not in this page
	PublishedOtherOne   string // one figure not in this page

	// How computed.
	MethodHeading string
	InputCols     [5]string // kind, file, rows, delimiter, encoding
	Kinds         map[string]string
	// How the page is computed: the country and zone (format: country,
	// time zone), the rate, the external complaints (without when no
	// complaint has a channel), CSAT and DSAT (without when no surveys).
	MethodPlace, MethodRate, MethodExternal, MethodSurveys string
	Rounding                                               string
}

var allTexts = locale.Texts[texts]{
	locale.English: {
		Title:       "Nollmission statistics",
		Subtitle:    "Complaints and customer satisfaction in %s; calendar months in %s.",
		Sample:      "Computed from the embedded sample: illustrative data that reproduces the programme's published figures.",
		Lang:        "en",
		ChartInHTML: "chart in the HTML report",

		MainHeading: "The Nollmission's main measure",
		MainCaption: "Complaints to authorities and customer service per million purchases",
		Year:        "Year", FullYear: "Full year*",
		Weighting:  "*Based on all purchases and complaints in %s over the full year. Note that this is not the same as a monthly average: months have different numbers of purchases and so cannot be weighted alike.",
		YearToDate: "year to date, %d of 12 months",

		ProgressHeading: "Progress toward the target",
		ProgressCols:    [8]string{"Year", "Baseline", "Target", "Actual", "Target reduction", "Achieved reduction", "Attainment", "Status"},
		Status:          map[string]string{"met": "met", "missed": "missed", "on_track": "on track", "off_track": "off track"},
		StillNeeded:     "%d: for the target, the %d remaining months must hold at most %s complaints per million purchases.",
		StillNeededLast: "%d: for the target, the remaining month must hold at most %s complaints per million purchases.",
		CannotBeMet:     "%d: the complaints so far already exceed the year's budget at the target rate; the target cannot be met.",
		TargetsFromFile: "Targets from %s.",
		TargetsSample:   "Targets: the programme's, which come with the embedded sample.",
		NoTargets:       "No targets are configured (targets: in the config file), so progress is not shown.",
		ProgressNote:    "Attainment = (baseline − actual) ÷ (baseline − target); a year is met when its purchase-weighted rate is at most the target.",

		ChartsHeading:  "Charts",
		RateTitle:      "Complaints per million purchases, %s",
		RateDesc:       "Monthly complaints to authorities and customer service per million purchases, %s to %s, with the target and the full-year figure.",
		RateAxis:       "per million purchases",
		TargetLine:     "Target %d: %s",
		FullYearLine:   "Full year %d: %s",
		YearToDateLine: "%d year to date: %s",

		ControlTitle:   "Control chart (Laney u′): complaints per million purchases",
		ControlDesc:    "The monthly rate from %s to %s against its centre line and control limits; months outside the expected variation are marked with the rules they break.",
		ControlRate:    "Monthly rate",
		ControlLimits:  "Control limits (3σ)",
		ControlSignal:  "Signal (rule)",
		ControlCenter:  "Centre %s",
		Signals:        "Signals",
		NoSignals:      "No month signals: the variation is what the process produces month to month.",
		SignalMonth:    "%s: %s",
		Rules:          westernElectricRules(),
		RuleWord:       "rule",
		ControlMethod:  "Laney u′ chart: limits ū ± 3·σz·√(ū/n) per month, widened by the variation between months beyond Poisson noise; Western Electric rules 1–4.",
		ControlMissing: "No control chart: %s.",

		ExternalHeading: "External complaints in absolute numbers for %s",
		Authority:       "External complaints",
		Authorities:     map[string]string{"konsumentverket": "Konsumentverket", "datainspektionen": "Datainspektionen", "arn": "Allmänna reklamationsnämnden", "finansinspektionen": "Finansinspektionen"},
		Total:           "Total per month",
		BreakdownTitle:  "Complaints by channel, %s",
		BreakdownDesc:   "Complaints per month by the channel they arrived through, %s to %s, stacked.",
		BreakdownAxis:   "complaints",
		Channels:        map[string]string{"customer_service": "Customer service", "social_media": "Social media", "unspecified": "Unspecified"},
		Other:           "Other",
		NoChannel:       "None of the complaints has a channel, so the complaints per authority and the chart by channel are left out; the main measure above counts every complaint.",
		NoChannelYear:   "None of the complaints of %d has a channel, so the complaints per authority and the chart by channel are left out; the main measure above counts every complaint.",
		NoChannelFix:    "To show them, give the complaints files a column named channel, or map the column that holds the channel (--columns channel=COLUMN).",

		CSATHeading: "Customer satisfaction after contact with customer service",
		CSATIntro: []string{
			"Customers who contacted customer service answer a survey with a score from 1 to 5.",
			"CSAT is the share answering %s, DSAT the share answering %s; %s is neutral and in neither.",
		},
		CSATRule:      "By the COPC standard, %s is best in class.",
		CSATVerdict:   "%s: %s.",
		Yes:           "best in class",
		No:            "not best in class",
		And:           "and",
		NoAnswers:     "no answers",
		CSATTitle:     "Customer satisfaction after contact",
		CSATDesc:      "CSAT and DSAT per month, %s to %s, with the COPC best-in-class thresholds.",
		CSATSeries:    "CSAT (answered %s)",
		DSATSeries:    "DSAT (answered %s)",
		CSATLine:      "COPC best in class: above %s",
		DSATLine:      "COPC best in class: below %s",
		Or:            "or",
		NoSurveys:     "No survey answers were given (--surveys), so customer satisfaction is not shown.",
		NoSurveysYear: "The survey answers have none for %d.",

		PublishedHeading:    "Published figures",
		PublishedAll:        "All %d published figures in this page match the data (%s).",
		PublishedOnlyOne:    "The one published figure in this page matches the data (%s).",
		PublishedNone:       "No figure of %s is in this page: nollmission verify checks them.",
		PublishedSome:       "%d of %d published figures in this page do not match the data (%s); each is marked where it appears.",
		PublishedNote:       "published %s",
		PublishedNoData:     "published %s; no data",
		PublishedYearToDate: "published %s; year to date only (%d of 12 months), no full-year figure",
		PublishedSum:        "the published authorities add up to %s",
		PublishedOther:      "%d figures of the file are not in this page.",
		PublishedOtherOne:   "1 figure of the file is not in this page.",

		MethodHeading:  "How computed",
		InputCols:      [5]string{"Data", "File", "Rows", "Delimiter", "Encoding"},
		Kinds:          map[string]string{"transactions": "purchases", "complaints": "complaints", "surveys": "survey answers"},
		MethodPlace:    "Country %s; each month is a calendar month in %s.",
		MethodRate:     "Rate = complaints ÷ purchases × 1,000,000, per month; the full year is Σ complaints ÷ Σ purchases × 1,000,000 over its months, weighted by purchases, not the mean of the monthly rates.",
		MethodExternal: "External complaints are those received by the four authorities; the total row is computed from them, not copied.",
		MethodSurveys:  "CSAT and DSAT are shares of all answers 1–5; the full year is weighted by answers. Best in class is judged on the exact figures, before rounding.",
		Rounding:       "Every figure is computed exactly and rounded half away from zero only when written.",
	},
	locale.Swedish: {
		Title:       "Statistik från Nollmissionen",
		Subtitle:    "Klagomål och kundnöjdhet i %s; kalendermånader i %s.",
		Sample:      "Beräknat på det inbyggda exemplet: påhittade data som återger programmets publicerade siffror.",
		Lang:        "sv",
		ChartInHTML: "diagram i HTML-rapporten",

		MainHeading: "Nollmissionens huvudsakliga mått",
		MainCaption: "Totalt antal klagomål till myndigheter och kundservice per 1 miljon köp",
		Year:        "År", FullYear: "Helår*",
		Weighting:  "*Baserat på samtliga transaktioner och klagomål i %s på helår. Märk väl att det inte är samma sak som ett månatligt snitt eftersom olika månader har olika många transaktioner och därför inte kan viktas likadant.",
		YearToDate: "hittills i år, %d av 12 månader",

		ProgressHeading: "På väg mot målet",
		ProgressCols:    [8]string{"År", "Utgångsläge", "Mål", "Utfall", "Målsatt minskning", "Uppnådd minskning", "Måluppfyllelse", "Läge"},
		Status:          map[string]string{"met": "nått", "missed": "missat", "on_track": "i fas", "off_track": "efter"},
		StillNeeded:     "%d: för att nå målet får de %d återstående månaderna ha högst %s klagomål per miljon köp.",
		StillNeededLast: "%d: för att nå målet får den återstående månaden ha högst %s klagomål per miljon köp.",
		CannotBeMet:     "%d: klagomålen hittills överstiger redan årets budget vid måltalet; målet kan inte nås.",
		TargetsFromFile: "Målen från %s.",
		TargetsSample:   "Målen: programmets, som följer med det inbyggda exemplet.",
		NoTargets:       "Inga mål är angivna (targets: i konfigurationsfilen), så läget mot målet visas inte.",
		ProgressNote:    "Måluppfyllelse = (utgångsläge − utfall) ÷ (utgångsläge − mål); ett år har nått målet när dess köpviktade tal är högst målet.",

		ChartsHeading:  "Diagram",
		RateTitle:      "Klagomål per miljon köp, %s",
		RateDesc:       "Klagomål till myndigheter och kundservice per miljon köp per månad, %s till %s, med målet och helårssiffran.",
		RateAxis:       "per miljon köp",
		TargetLine:     "Mål %d: %s",
		FullYearLine:   "Helår %d: %s",
		YearToDateLine: "%d hittills i år: %s",

		ControlTitle:   "Styrdiagram (Laney u′): klagomål per miljon köp",
		ControlDesc:    "Månadens tal från %s till %s mot mittlinjen och styrgränserna; månader utanför den förväntade variationen är markerade med de regler de bryter mot.",
		ControlRate:    "Månadens tal",
		ControlLimits:  "Styrgränser (3σ)",
		ControlSignal:  "Signal (regel)",
		ControlCenter:  "Mittlinje %s",
		Signals:        "Signaler",
		NoSignals:      "Ingen månad signalerar: variationen är den som processen ger från månad till månad.",
		SignalMonth:    "%s: %s",
		Rules:          [4]string{"en punkt bortom 3σ", "två av tre punkter i rad bortom 2σ på samma sida", "fyra av fem punkter i rad bortom 1σ på samma sida", "åtta punkter i rad på samma sida om mittlinjen"},
		RuleWord:       "regel",
		ControlMethod:  "Laneys u′-diagram: gränserna ū ± 3·σz·√(ū/n) per månad, vidgade med variationen mellan månaderna utöver Poissonbruset; Western Electrics regler 1–4.",
		ControlMissing: "Inget styrdiagram: %s.",

		ExternalHeading: "Externa klagomål i absoluta tal för %s",
		Authority:       "Externa klagomål",
		Authorities:     map[string]string{"konsumentverket": "Konsumentverket", "datainspektionen": "Datainspektionen", "arn": "Allmänna reklamationsnämnden", "finansinspektionen": "Finansinspektionen"},
		Total:           "Totala siffror / månad",
		BreakdownTitle:  "Klagomål per kanal, %s",
		BreakdownDesc:   "Klagomål per månad efter den kanal de kom in genom, %s till %s, staplade.",
		BreakdownAxis:   "klagomål",
		Channels:        map[string]string{"customer_service": "Kundservice", "social_media": "Sociala medier", "unspecified": "Ospecificerat"},
		Other:           "Övriga",
		NoChannel:       "Inget av klagomålen har någon kanal, så klagomålen per myndighet och diagrammet per kanal är utelämnade; huvudmåttet ovan räknar alla klagomål.",
		NoChannelYear:   "Inget av klagomålen från %d har någon kanal, så klagomålen per myndighet och diagrammet per kanal är utelämnade; huvudmåttet ovan räknar alla klagomål.",
		NoChannelFix:    "Ge klagomålsfilerna en kolumn som heter channel, eller ange vilken kolumn som har kanalen (--columns channel=KOLUMN), så visas de.",

		CSATHeading: "Statistik över kundnöjdhet efter kontakt med kundservice",
		CSATIntro: []string{
			"Kunder som varit i kontakt med kundservice svarar på en undersökning med en siffra mellan 1 och 5.",
			"CSAT är andelen som svarar %s, DSAT andelen som svarar %s; %s räknas som neutralt och ingår inte i CSAT/DSAT.",
		},
		CSATRule:      "Enligt COPC standards är %s att betrakta som världsklass.",
		CSATVerdict:   "%s: %s.",
		Yes:           "världsklass",
		No:            "inte världsklass",
		And:           "och",
		NoAnswers:     "inga svar",
		CSATTitle:     "Kundnöjdhet efter kontakt",
		CSATDesc:      "CSAT och DSAT per månad, %s till %s, med COPC:s gränser för världsklass.",
		CSATSeries:    "CSAT (svarat %s)",
		DSATSeries:    "DSAT (svarat %s)",
		CSATLine:      "COPC världsklass: över %s",
		DSATLine:      "COPC världsklass: under %s",
		Or:            "eller",
		NoSurveys:     "Inga enkätsvar angavs (--surveys), så kundnöjdheten visas inte.",
		NoSurveysYear: "Enkätsvaren har inga svar från %d.",

		PublishedHeading:    "Publicerade siffror",
		PublishedAll:        "Alla %d publicerade siffror på sidan stämmer med data (%s).",
		PublishedOnlyOne:    "Den enda publicerade siffran på sidan stämmer med data (%s).",
		PublishedNone:       "Ingen siffra i %s finns på sidan: nollmission verify kontrollerar dem.",
		PublishedSome:       "%d av %d publicerade siffror på sidan stämmer inte med data (%s); var och en är markerad där den står.",
		PublishedNote:       "publicerat %s",
		PublishedNoData:     "publicerat %s; data saknas",
		PublishedYearToDate: "publicerat %s; bara hittills i år (%d av 12 månader), ingen helårssiffra",
		PublishedSum:        "de publicerade myndigheterna summerar till %s",
		PublishedOther:      "%d siffror i filen finns inte på sidan.",
		PublishedOtherOne:   "1 siffra i filen finns inte på sidan.",

		MethodHeading:  "Så är det beräknat",
		InputCols:      [5]string{"Data", "Fil", "Rader", "Avgränsare", "Teckenkodning"},
		Kinds:          map[string]string{"transactions": "köp", "complaints": "klagomål", "surveys": "enkätsvar"},
		MethodPlace:    "Land %s; varje månad är en kalendermånad i %s.",
		MethodRate:     "Tal = klagomål ÷ köp × 1 000 000 per månad; helåret är Σ klagomål ÷ Σ köp × 1 000 000 över årets månader, viktat efter köp, inte ett snitt av månadernas tal.",
		MethodExternal: "Externa klagomål är de som kommit in till de fyra myndigheterna; totalraden är beräknad ur dem, inte avskriven.",
		MethodSurveys:  "CSAT och DSAT är andelar av alla svar 1–5; helåret viktas efter antal svar. Världsklass bedöms på de exakta talen, före avrundning.",
		Rounding:       "Varje siffra beräknas exakt och avrundas med hälften bort från noll först när den skrivs.",
	},
}

// stillNeeded is the note on the rate the months left must hold for a
// year's target: "the remaining month" when one is left.
func (tx texts) stillNeeded(year, monthsLeft int, rate string) string {
	if monthsLeft == 1 {
		return fmt.Sprintf(tx.StillNeededLast, year, rate)
	}
	return fmt.Sprintf(tx.StillNeeded, year, monthsLeft, rate)
}
