# A JSON Schema validator in jq 1.6 (Debian 12's jq, which the QEMU guest
# has in place of Python), for the subset of draft 2020-12 that a schema
# written by hand for a CLI's output needs.  tests/schema/check-validator.sh
# holds it to python3-jsonschema on fixtures covering every keyword.
#
# Usage:
#   jq -n -r --slurpfile schema SCHEMA.json --slurpfile doc DOC.json \
#	[--arg dispatch MEMBER] -f tests/selftests/tools/json-schema.jq
# DOC.json may hold several documents (JSON Lines, or documents one after
# another); each is validated against the schema.
#
# Output, on stdout, one line per violation, nothing when all is valid:
#	$.job.phases.read.ios: expected integer, got number (1.5)
#	$: missing required member "schema"
#	$.error: member "foo" is not allowed
# Paths are $.a.b[3]; a member whose name is not an identifier is written
# $["a-b"].  When DOC.json holds more than one document, each line starts
# with "document N: " (N from 1).  When no schema of an anyOf or a oneOf
# matches, the one line names the closest (fewest violations) and why they
# fail: "$: matches none of oneOf's 12 schemas; closest: #6 (...)".  A
# schema the validator cannot honour gives lines "schema: #/POINTER: why",
# and no document is looked at.
#
# Exit status, through halt_error (its line goes to stderr):
#	0  every document is valid
#	1  a document violates the schema, or DOC.json holds no document
#	   (a $ref loop that never steps into the document is one too)
#	6  the schema is refused (a keyword this validator does not know, a
#	   malformed value, a $ref that does not resolve)
#	2, 3, 5  jq's own: a file missing or not JSON, a jq error
#
# Keywords: type (a name or an array of names; "integer" is any number with
# no fractional part, so 1.0 is one, as JSON Schema says), properties,
# required, additionalProperties (a schema, false included), items (one
# schema for every element), enum, const, minimum, maximum, minItems,
# pattern (jq's test(), Oniguruma: a search, not anchored), $ref to a JSON
# pointer within the schema ("#/$defs/NAME"; recursion allowed), allOf,
# anyOf, oneOf, $defs; true and false as schemas.  Annotations are
# ignored: $comment, title, description, default, examples, deprecated,
# readOnly, writeOnly, and at the root only, $id and $schema (which must
# name draft 2020-12).  Any other keyword refuses the schema, so that a
# schema relying on something this validator would skip cannot pass.
#
# Limits: numbers are jq's doubles, so integers beyond 2^53 lose precision
# and a bound such as "maximum": 18446744073709551615 cannot tell 2^64 - 1
# from 2^64 (Python can); patterns are Oniguruma's, not ECMA-262's (the
# same for everyday ones: classes, anchors, {m,n}, alternation); a $ref's
# %-escapes are not decoded.

# --- What the schema may say ---

# Keywords this validator knows (true: an annotation, never checked).
def KEYWORDS: {
	"type": false, "properties": false, "required": false,
	"additionalProperties": false, "items": false, "enum": false,
	"const": false, "minimum": false, "maximum": false, "minItems": false,
	"pattern": false, "$ref": false, "allOf": false, "anyOf": false,
	"oneOf": false, "$defs": false,
	"$schema": true, "$id": true, "$comment": true, "title": true,
	"description": true, "default": true, "examples": true,
	"deprecated": true, "readOnly": true, "writeOnly": true
};

def TYPES: {"null": 1, "boolean": 1, "object": 1, "array": 1, "number": 1,
	"string": 1, "integer": 1};

def DRAFT: "https://json-schema.org/draft/2020-12/schema";

# One reference token of a JSON pointer, escaped (RFC 6901).
def ptr_token: tostring | gsub("~"; "~0") | gsub("/"; "~1");

# The value the pointer "#/a/b" (a $ref) names within $root, or null.
def resolve($root; $ref):
	if $ref == "#" then $root
	else
		$ref | ltrimstr("#/") | split("/")
		| map(gsub("~1"; "/") | gsub("~0"; "~")) as $tokens
		| reduce $tokens[] as $t ($root;
			if type == "object" then .[$t]
			elif type == "array" and ($t | test("^(0|[1-9][0-9]*)$"))
			then .[$t | tonumber]
			else null end)
	end;

# Why the schema (input) at pointer $ptr of $root cannot be used, one
# string per problem: walked once, before any document, so that a mistake
# in a branch no document reaches is still caught.
def schema_problems($root; $ptr):
	def sub($k): "\($ptr)/\($k | ptr_token)";
	# The subschemas under a keyword whose value is an object of them.
	def schema_map($k):
		if .[$k] | type != "object" then
			"\(sub($k)): must be an object of schemas"
		else .[$k] | keys_unsorted[] as $n
			| .[$n] | schema_problems($root; "\(sub($k))/\($n | ptr_token)")
		end;
	# The subschemas under a keyword whose value is an array of them.
	def schema_list($k):
		if (.[$k] | type != "array") or (.[$k] | length == 0) then
			"\(sub($k)): must be a non-empty array of schemas"
		else range(0; .[$k] | length) as $i
			| .[$k][$i] | schema_problems($root; "\(sub($k))/\($i)")
		end;
	def is_count: type == "number" and . >= 0 and . == floor;
	if type == "boolean" then empty
	elif type != "object" then
		"\($ptr): a schema must be an object or a boolean, not \(type)"
	else
		(keys_unsorted[] as $k
			| select(KEYWORDS | has($k) | not)
			| "\($ptr): unknown keyword \($k | tojson)"),
		(if has("$id") and $ptr != "#" then
			"\(sub("$id")): $id is supported at the root only"
		else empty end),
		(if has("$schema") and ($ptr != "#" or .["$schema"] != DRAFT) then
			"\(sub("$schema")): only \(DRAFT | tojson) at the root is supported"
		else empty end),
		(if has("type") then
			.type
			| if type == "string" then [.] else . end
			| if type != "array" or length == 0
				or any(.[]; type != "string" or (. as $t | TYPES | has($t) | not))
				or (unique | length) != length
			then "\(sub("type")): must be a type name or an array of distinct ones"
			else empty end
		else empty end),
		(if has("properties") then schema_map("properties") else empty end),
		(if has("$defs") then schema_map("$defs") else empty end),
		(if has("required") and (.required | type != "array"
				or any(.[]; type != "string")
				or (unique | length) != length) then
			"\(sub("required")): must be an array of distinct strings"
		else empty end),
		(if has("additionalProperties") then
			.additionalProperties | schema_problems($root; sub("additionalProperties"))
		else empty end),
		(if has("items") then
			if .items | type == "array" then
				"\(sub("items")): must be one schema (an array is prefixItems in 2020-12)"
			else .items | schema_problems($root; sub("items")) end
		else empty end),
		(if has("enum") and (.enum | type != "array") then
			"\(sub("enum")): must be an array"
		else empty end),
		(("minimum", "maximum") as $k
			| select(has($k) and (.[$k] | type != "number"))
			| "\(sub($k)): must be a number"),
		(if has("minItems") and (.minItems | is_count | not) then
			"\(sub("minItems")): must be a non-negative integer"
		else empty end),
		(if has("pattern") then
			.pattern
			| if type != "string" then "\(sub("pattern")): must be a string"
			else . as $re
				# test() raises an error for a pattern it cannot compile.
				| try ("" | test($re) | empty)
				catch "\(sub("pattern")): not a regular expression jq can use: \(.)"
			end
		else empty end),
		(if has("$ref") then
			.["$ref"] as $ref
			| if ($ref | type) != "string"
				or ($ref != "#" and ($ref | startswith("#/") | not))
			then "\(sub("$ref")): only a JSON pointer within this schema (\"#/$defs/NAME\") is supported"
			elif resolve($root; $ref) | type | . != "object" and . != "boolean"
			then "\(sub("$ref")): \($ref | tojson) names no schema"
			else empty end
		else empty end),
		(("allOf", "anyOf", "oneOf") as $k | select(has($k)) | schema_list($k))
	end;

# --- What a document must be ---

# A value as a message shows it: JSON, cut short when long.
def show: tojson | if length > 60 then .[:57] + "..." else . end;

# The path of member $k under path $p: $p.name, or $p["odd name"].
def member_path($p; $k):
	if $k | test("^[A-Za-z_][A-Za-z0-9_]*$") then "\($p).\($k)"
	else "\($p)[\($k | tojson)]" end;

# Whether the input is of JSON Schema type $t.  An integer is a number
# equal to its floor: 1.0 is one (jq has read it as 1 already), 1.5 not.
def is_type($t):
	if $t == "integer" then type == "number" and . == floor
	else type == $t end;

# The violations of the input against schema $s, at path $p, one string
# each.  $seen lists the $refs followed since the last step into the
# document: meeting one again there is a loop that would never end.
def violations($root; $s; $p; $seen):
	. as $x
	# Each subschema's violations, in an array per subschema: what anyOf
	# and oneOf count.
	| def outcomes($list): [$list[] as $sub | [$x | violations($root; $sub; $p; $seen)]];
	# Why none of anyOf's or oneOf's schemas matched: the violations of
	# those with the fewest, "#N (...)" each.  A oneOf that picks one
	# of many shapes by a member such as "command" would otherwise bury
	# the one shape meant under every other's complaints.
	def explain($r): ($r | map(length) | min) as $fewest
		| [range(0; $r | length) as $i | select($r[$i] | length == $fewest)
			| "#\($i) (\($r[$i] | join("; ")))"]
		| "closest: " + join(", ");
	if $s == true then empty
	elif $s == false then "\($p): no value is allowed here, got \($x | show)"
	else
		(if $s | has("$ref") then
			$s["$ref"] as $ref
			| if any($seen[]; . == $ref) then
				"\($p): $ref \($ref | tojson) loops without going deeper into the document"
			else violations($root; resolve($root; $ref); $p; $seen + [$ref]) end
		else empty end),
		(if $s | has("type") then
			($s.type | if type == "array" then . else [.] end) as $types
			| if any($types[]; . as $t | $x | is_type($t)) then empty
			else "\($p): expected \($types | join(" or ")), got \($x | type) (\($x | show))" end
		else empty end),
		(if ($s | has("enum")) and (any($s.enum[]; . == $x) | not) then
			"\($p): \($x | show) is not one of \($s.enum | map(show) | join(", "))"
		else empty end),
		(if ($s | has("const")) and $x != $s.const then
			"\($p): expected \($s.const | show), got \($x | show)"
		else empty end),
		# minimum, maximum, minItems and pattern apply to their type only:
		# {"minimum": 0} lets a string through, as JSON Schema has it.
		(if ($x | type) == "number" then
			(if ($s | has("minimum")) and $x < $s.minimum then
				"\($p): \($x) is less than the minimum \($s.minimum)"
			else empty end),
			(if ($s | has("maximum")) and $x > $s.maximum then
				"\($p): \($x) is greater than the maximum \($s.maximum)"
			else empty end)
		else empty end),
		(if ($x | type) == "string" and ($s | has("pattern"))
			and ($x | test($s.pattern) | not) then
			"\($p): \($x | show) does not match the pattern \($s.pattern | tojson)"
		else empty end),
		(if ($x | type) == "object" then
			(if $s | has("required") then
				$s.required[] as $k | select($x | has($k) | not)
				| "\($p): missing required member \($k | tojson)"
			else empty end),
			(if $s | has("properties") then
				$s.properties | keys_unsorted[] as $k | select($x | has($k))
				| $x[$k] | violations($root; $s.properties[$k]; member_path($p; $k); [])
			else empty end),
			# Every member properties does not name (there is no
			# patternProperties) is additional.
			(if $s | has("additionalProperties") then
				($s.properties // {}) as $named
				| $x | keys_unsorted[] as $k | select($named | has($k) | not)
				| if $s.additionalProperties == false then
					"\($p): member \($k | tojson) is not allowed"
				else $x[$k] | violations($root; $s.additionalProperties; member_path($p; $k); []) end
			else empty end)
		else empty end),
		(if ($x | type) == "array" then
			(if ($s | has("minItems")) and ($x | length) < $s.minItems then
				"\($p): \($x | length) items, expected at least \($s.minItems)"
			else empty end),
			(if $s | has("items") then
				range(0; $x | length) as $i
				| $x[$i] | violations($root; $s.items; "\($p)[\($i)]"; [])
			else empty end)
		else empty end),
		(if $s | has("allOf") then
			$s.allOf[] as $sub | $x | violations($root; $sub; $p; $seen)
		else empty end),
		(if $s | has("anyOf") then
			outcomes($s.anyOf) as $r
			| if any($r[]; length == 0) then empty
			else "\($p): matches none of anyOf's \($r | length) schemas; \(explain($r))" end
		else empty end),
		(if $s | has("oneOf") then
			outcomes($s.oneOf) as $r
			| [range(0; $r | length) | select($r[.] | length == 0)] as $matched
			| if ($matched | length) == 1 then empty
			elif ($matched | length) == 0 then
				"\($p): matches none of oneOf's \($r | length) schemas; \(explain($r))"
			else
				"\($p): matches oneOf's schemas \($matched | map("#\(.)") | join(", ")), expected exactly one"
			end
		else empty end)
	end;

# --- Main ---

# With --arg dispatch MEMBER, a document is held to the schema of
# $defs[its MEMBER's value] ("p2pdma": no_command), when there is one,
# instead of the root's: the same verdict where the root is a oneOf of
# those, told apart by that member, for a fraction of the work (jq runs
# under emulation in the guest).
def dispatched($root; $d):
	($ARGS.named.dispatch // null) as $member
	| if $member == null or ($d | type) != "object" then $root
	else ($d[$member] | if . == "p2pdma" then "no_command" else . end) as $name
		| if ($name | type) == "string" and ($root["$defs"] // {} | has($name))
		then $root["$defs"][$name] else $root end
	end;

if ($schema | length) != 1 then
	"schema: the schema file holds \($schema | length) documents, expected one",
	("json-schema.jq: schema refused\n" | halt_error(6))
else
	$schema[0] as $root
	| [$root | schema_problems($root; "#")] as $problems
	| if ($problems | length) > 0 then
		($problems[] | "schema: \(.)"),
		("json-schema.jq: schema refused\n" | halt_error(6))
	elif ($doc | length) == 0 then
		"no document to validate",
		("json-schema.jq: no document\n" | halt_error(1))
	else
		[range(0; $doc | length) as $i
			| (if ($doc | length) > 1 then "document \($i + 1): " else "" end) as $prefix
			| $doc[$i] as $d | dispatched($root; $d) as $s
			| $d | violations($root; $s; "$"; [])
			| $prefix + .] as $lines
		| $lines[],
		(if ($lines | length) > 0 then
			"json-schema.jq: \($lines | length) violation(s)\n" | halt_error(1)
		else empty end)
	end
end
