import { equal, ok } from "node:assert/strict";
import { countPackets, faultRuleset } from "./_rules.ts";

Deno.test("faultRuleset drops on input and duplicates on output with per-10000 thresholds", () => {
  const rules = faultRuleset(12.5, 3);
  ok(rules.includes("numgen random mod 10000 < 1250 counter drop"), rules);
  ok(rules.includes('numgen random mod 10000 < 300 counter dup to 127.0.0.1 device "lo"'), rules);
  ok(rules.includes('dup to ::1 device "lo"'), rules);
  equal(faultRuleset(0, 0), "");
});

Deno.test("countPackets sums the counters of the rules with a comment", () => {
  const listed = `table inet sockspec {
	chain input {
		numgen random mod 10000 < 1000 counter packets 17 bytes 900 drop comment "loss"
	}
}
table ip sockspec_dup {
	chain output {
		numgen random mod 10000 < 1000 counter packets 3 bytes 100 dup to 127.0.0.1 device "lo" comment "duplicate"
	}
}
table ip6 sockspec_dup {
	chain output {
		numgen random mod 10000 < 1000 counter packets 2 bytes 100 dup to ::1 device "lo" comment "duplicate"
	}
}`;
  equal(countPackets(listed, "loss"), 17);
  equal(countPackets(listed, "duplicate"), 5);
});
