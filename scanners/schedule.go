package scanners

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is a parsed backup schedule expression. IntervalSeconds is the
// longest gap between two consecutive runs: the worst-case data loss (RPO)
// a backup on this schedule allows.
type Schedule struct {
	Expression      string `json:"expression"`
	IntervalSeconds int64  `json:"interval_seconds,omitempty"`
	Error           string `json:"error,omitempty"`
}

// ParseSchedule reads an AWS schedule expression: rate(value unit) or
// cron(minutes hours day-of-month month day-of-week year).
func ParseSchedule(expr string) Schedule {
	s := Schedule{Expression: expr}
	e := strings.TrimSpace(expr)
	var err error
	switch {
	case strings.HasPrefix(e, "rate(") && strings.HasSuffix(e, ")"):
		s.IntervalSeconds, err = parseRate(e[5 : len(e)-1])
	case strings.HasPrefix(e, "cron(") && strings.HasSuffix(e, ")"):
		s.IntervalSeconds, err = parseCron(e[5 : len(e)-1])
	default:
		err = fmt.Errorf("not a rate(...) or cron(...) expression")
	}
	if err != nil {
		s.Error = err.Error()
		s.IntervalSeconds = 0
	}
	return s
}

func parseRate(body string) (int64, error) {
	f := strings.Fields(body)
	if len(f) != 2 {
		return 0, fmt.Errorf("rate needs a value and a unit, e.g. rate(12 hours)")
	}
	n, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("rate value %q is not a positive whole number", f[0])
	}
	unit := f[1]
	singular := strings.TrimSuffix(unit, "s")
	var sec int64
	switch singular {
	case "minute":
		sec = 60
	case "hour":
		sec = 3600
	case "day":
		sec = 86400
	default:
		return 0, fmt.Errorf("rate unit %q is not minute(s), hour(s) or day(s)", unit)
	}
	if (n == 1) != (unit == singular) {
		return 0, fmt.Errorf("rate(%s): AWS requires the singular unit for 1 and the plural otherwise", body)
	}
	if n > 1<<40/sec {
		return 0, fmt.Errorf("rate value %d is too large", n)
	}
	return n * sec, nil
}

var monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
var dayNames = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

// cronSpec holds the expanded fields of an AWS cron expression.
type cronSpec struct {
	minutes, hours []int
	dom            func(t time.Time) bool
	months, years  map[int]bool
	dow            func(t time.Time) bool
}

func parseCron(body string) (int64, error) {
	f := strings.Fields(body)
	if len(f) != 6 {
		return 0, fmt.Errorf("cron needs 6 fields (minutes hours day-of-month month day-of-week year), got %d", len(f))
	}
	var spec cronSpec
	var err error
	if spec.minutes, err = expandList(f[0], 0, 59, nil); err != nil {
		return 0, fmt.Errorf("minutes: %w", err)
	}
	if spec.hours, err = expandList(f[1], 0, 23, nil); err != nil {
		return 0, fmt.Errorf("hours: %w", err)
	}
	months, err := expandList(f[3], 1, 12, monthNames)
	if err != nil {
		return 0, fmt.Errorf("month: %w", err)
	}
	spec.months = toSet(months)
	years, err := expandList(f[5], 1970, 2199, nil)
	if err != nil {
		return 0, fmt.Errorf("year: %w", err)
	}
	spec.years = toSet(years)
	if (f[2] == "?") == (f[4] == "?") {
		return 0, fmt.Errorf("exactly one of day-of-month and day-of-week must be '?'")
	}
	if spec.dom, err = domMatcher(f[2]); err != nil {
		return 0, fmt.Errorf("day-of-month: %w", err)
	}
	if spec.dow, err = dowMatcher(f[4]); err != nil {
		return 0, fmt.Errorf("day-of-week: %w", err)
	}
	return spec.maxGap()
}

// maxGap walks the schedule's run times over a little more than a year
// (enough for every monthly and yearly pattern to repeat) and returns the
// longest gap between consecutive runs.
func (c *cronSpec) maxGap() (int64, error) {
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	const days = 800
	var last time.Time
	var gap int64
	runs := 0
	for d := 0; d < days; d++ {
		day := start.AddDate(0, 0, d)
		if !c.months[int(day.Month())] || !c.years[day.Year()] || !c.dom(day) || !c.dow(day) {
			continue
		}
		for _, h := range c.hours {
			for _, m := range c.minutes {
				t := day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
				if runs > 0 {
					if g := int64(t.Sub(last).Seconds()); g > gap {
						gap = g
					}
				}
				last = t
				runs++
			}
		}
	}
	if runs < 2 {
		return 0, fmt.Errorf("schedule runs fewer than twice in the next two years")
	}
	return gap, nil
}

func toSet(v []int) map[int]bool {
	m := make(map[int]bool, len(v))
	for _, x := range v {
		m[x] = true
	}
	return m
}

// expandList expands "*", "a,b", "a-b", "a/n", "*/n" into sorted values.
func expandList(field string, lo, hi int, names map[string]int) ([]int, error) {
	seen := map[int]bool{}
	for _, part := range strings.Split(field, ",") {
		from, to, step := lo, hi, 1
		rng := part
		if i := strings.IndexByte(part, '/'); i >= 0 {
			n, err := strconv.Atoi(part[i+1:])
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("bad step in %q", part)
			}
			step, rng = n, part[:i]
		}
		switch {
		case rng == "*":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			var err error
			if from, err = cronValue(a, lo, hi, names); err != nil {
				return nil, err
			}
			if to, err = cronValue(b, lo, hi, names); err != nil {
				return nil, err
			}
		default:
			v, err := cronValue(rng, lo, hi, names)
			if err != nil {
				return nil, err
			}
			from = v
			if step == 1 {
				to = v
			}
		}
		if from > to {
			return nil, fmt.Errorf("range %q runs backwards", part)
		}
		for v := from; v <= to; v += step {
			seen[v] = true
		}
	}
	out := make([]int, 0, len(seen))
	for v := lo; v <= hi; v++ {
		if seen[v] {
			out = append(out, v)
		}
	}
	return out, nil
}

func cronValue(s string, lo, hi int, names map[string]int) (int, error) {
	if v, ok := names[strings.ToUpper(s)]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("%q is not a value from %d to %d", s, lo, hi)
	}
	return v, nil
}

func lastDay(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func domMatcher(f string) (func(time.Time) bool, error) {
	switch {
	case f == "?" || f == "*":
		return func(time.Time) bool { return true }, nil
	case f == "L":
		return func(t time.Time) bool { return t.Day() == lastDay(t) }, nil
	case strings.HasSuffix(f, "W"):
		n, err := cronValue(strings.TrimSuffix(f, "W"), 1, 31, nil)
		if err != nil {
			return nil, err
		}
		return func(t time.Time) bool { return t.Day() == nearestWeekday(t, n) }, nil
	}
	days, err := expandList(f, 1, 31, nil)
	if err != nil {
		return nil, err
	}
	set := toSet(days)
	return func(t time.Time) bool { return set[t.Day()] }, nil
}

// nearestWeekday is the day of t's month that "nW" means: day n, or the
// nearest Monday–Friday to it within the month.
func nearestWeekday(t time.Time, n int) int {
	if last := lastDay(t); n > last {
		n = last
	}
	d := time.Date(t.Year(), t.Month(), n, 0, 0, 0, 0, time.UTC)
	switch d.Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == lastDay(t) {
			return n - 2
		}
		return n + 1
	}
	return n
}

func dowMatcher(f string) (func(time.Time) bool, error) {
	weekday := func(t time.Time) int { return int(t.Weekday()) + 1 } // SUN=1
	switch {
	case f == "?" || f == "*":
		return func(time.Time) bool { return true }, nil
	case strings.Contains(f, "#"):
		a, b, _ := strings.Cut(f, "#")
		d, err := cronValue(a, 1, 7, dayNames)
		if err != nil {
			return nil, err
		}
		k, err := cronValue(b, 1, 5, nil)
		if err != nil {
			return nil, err
		}
		return func(t time.Time) bool { return weekday(t) == d && (t.Day()-1)/7+1 == k }, nil
	case strings.HasSuffix(f, "L"):
		d, err := cronValue(strings.TrimSuffix(f, "L"), 1, 7, dayNames)
		if err != nil {
			return nil, err
		}
		return func(t time.Time) bool { return weekday(t) == d && t.Day()+7 > lastDay(t) }, nil
	}
	days, err := expandList(f, 1, 7, dayNames)
	if err != nil {
		return nil, err
	}
	set := toSet(days)
	return func(t time.Time) bool { return set[weekday(t)] }, nil
}

// CollectSchedules parses every AWS Backup schedule expression among the
// resources, so rules and the tier estimator can read intervals. Loaders
// call it once their resources are final (a template after resolution, an
// audited source after its live state is laid over it).
func CollectSchedules(resources []*Resource) map[string]Schedule {
	var out map[string]Schedule
	for _, r := range resources {
		if r.Type != "AWS::Backup::BackupPlan" {
			continue
		}
		plan, _ := r.Properties["BackupPlan"].(map[string]any)
		rules, _ := plan["BackupPlanRule"].([]any)
		for _, rule := range rules {
			m, _ := rule.(map[string]any)
			expr, ok := m["ScheduleExpression"].(string)
			if !ok {
				continue
			}
			if out == nil {
				out = map[string]Schedule{}
			}
			out[expr] = ParseSchedule(expr)
		}
	}
	return out
}
