package scanners

// globalsSections maps each SAM Globals section to the resource type it
// applies to.
var globalsSections = map[string]string{
	"Function":     "AWS::Serverless::Function",
	"Api":          "AWS::Serverless::Api",
	"HttpApi":      "AWS::Serverless::HttpApi",
	"SimpleTable":  "AWS::Serverless::SimpleTable",
	"StateMachine": "AWS::Serverless::StateMachine",
	"LayerVersion": "AWS::Serverless::LayerVersion",
}

type mergedProps struct {
	props map[string]any
	keys  map[string]bool // top-level keys that came from Globals only
}

// mergeGlobals applies SAM's Globals rules to one resource's properties:
// scalars in the resource win, maps merge (resource wins per key), lists are
// concatenated (globals first). It returns nil when no Globals apply.
// Every map and list it builds is first drawn from take (the template's
// budget): a Globals list merged into thousands of functions is copied
// into each one.
func mergeGlobals(typ string, props map[string]any, globals map[string]any, take func(values int64) bool) *mergedProps {
	if globals == nil {
		return nil
	}
	var section map[string]any
	for name, t := range globalsSections {
		if t == typ {
			section, _ = globals[name].(map[string]any)
		}
	}
	if len(section) == 0 {
		return nil
	}
	if !take(1 + int64(len(props)+len(section))) {
		return nil
	}
	out := make(map[string]any, len(props)+len(section))
	keys := map[string]bool{}
	for k, v := range props {
		out[k] = v
	}
	for k, g := range section {
		own, has := out[k]
		if !has {
			out[k] = g
			keys[k] = true
			continue
		}
		out[k] = mergeValue(g, own, take)
	}
	return &mergedProps{props: out, keys: keys}
}

func mergeValue(global, own any, take func(values int64) bool) any {
	switch o := own.(type) {
	case map[string]any:
		g, ok := global.(map[string]any)
		if !ok || isIntrinsicMap(o) || isIntrinsicMap(g) {
			return own
		}
		if !take(1 + int64(len(g)+len(o))) {
			return nil
		}
		out := make(map[string]any, len(g)+len(o))
		for k, v := range g {
			out[k] = v
		}
		for k, v := range o {
			if gv, ok := g[k]; ok {
				out[k] = mergeValue(gv, v, take)
			} else {
				out[k] = v
			}
		}
		return out
	case []any:
		g, ok := global.([]any)
		if !ok {
			return own
		}
		if !take(1 + int64(len(g)+len(o))) {
			return nil
		}
		return append(append(make([]any, 0, len(g)+len(o)), g...), o...)
	}
	return own
}
