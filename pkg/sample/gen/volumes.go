package gen

// volume is the number of purchases in one month.
type volume struct {
	month        string
	transactions int64
}

// volumes are the sample's purchases per month in Sweden. They are
// illustrative, not published: a fast-growing business whose volumes rise
// through each year toward November and December and roughly double year
// over year. They are large enough for every month's complaints to exceed
// the authorities' complaints, and weighted so that the full-year rates come
// out as published (2018's early months, with high rates, are small).
var volumes = []volume{
	{"2018-01", 1_518_342},
	{"2018-02", 1_467_905},
	{"2018-03", 1_629_714},
	{"2018-04", 1_683_259},
	{"2018-05", 1_812_476},
	{"2018-06", 2_118_752},
	{"2018-07", 2_246_190},
	{"2018-08", 2_473_568},
	{"2018-09", 2_961_407},
	{"2018-10", 3_352_814},
	{"2018-11", 4_208_693},
	{"2018-12", 4_987_325},

	{"2019-01", 4_286_139},
	{"2019-02", 4_143_507},
	{"2019-03", 4_618_932},
	{"2019-04", 4_529_361},
	{"2019-05", 4_951_276},
	{"2019-06", 5_062_418},
	{"2019-07", 5_017_853},
	{"2019-08", 5_124_693},
	{"2019-09", 5_468_219},
	{"2019-10", 5_903_487},
	{"2019-11", 6_108_475},
	{"2019-12", 6_734_291},

	{"2020-01", 8_431_762},
	{"2020-02", 8_206_395},
	{"2020-03", 8_912_540},
	{"2020-04", 9_487_163},
	{"2020-05", 10_126_837},
	{"2020-06", 10_593_218},
}
