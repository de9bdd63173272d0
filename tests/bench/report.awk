# gawk -f report.awk -v out=DIR -v reps=N -v dur=S -v depth=D -v chunk=C \
#      -v range=R -v kernel=K -v date=DATE TARGETS PLAN RAW
#   depth, chunk: those of the chunk and the depth sweeps (bench.conf);
#   range: each run's range (bench.conf's RANGE)
#   TARGETS  tests/bench/targets
#   PLAN     kind,mode,chunk,depth,streams: every run guest.sh meant to make
#   RAW      kind,mode,chunk,depth,streams,rep,bytes,seconds,cpu_s,p2p_held
# Writes DIR/results.csv (median and spread per run of the plan),
# DIR/targets.csv, DIR/summary.md and the data for plot.gp, and prints the
# table.  Exits 1 when a run of the plan has fewer than REPS results (a
# peer that failed is not a row to leave out) or when a p2p run did not
# hold the p2pmem its buffers need (its memory was not p2p memory).
# A missed target is reported, not an error: the figures are the product.
BEGIN { FS = OFS = ","; status = 0 }

function bytes_of(s) {
	if (s ~ /k$/) return substr(s, 1, length(s) - 1) * 1024
	if (s ~ /M$/) return substr(s, 1, length(s) - 1) * 1048576
	return s + 0
}

function median(list,    a, n) {
	n = split(list, a, " ")
	if (!n) return ""
	asort(a)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function extreme(list, want_max,    a, n, i, v) {
	n = split(list, a, " ")
	v = a[1]
	for (i = 2; i <= n; i++)
		if (want_max ? a[i] > v : a[i] < v) v = a[i]
	return v
}

ARGIND == 1 && !/^#/ && NF {
	split($0, w, " ")
	nt++
	T_id[nt] = w[1]; T_fig[nt] = w[2]; T_subj[nt] = w[3]; T_base[nt] = w[4]
	T_op[nt] = w[5]; T_goal[nt] = w[6]; T_rows[nt] = w[7]
	next
}
ARGIND == 2 {
	key = $1 FS $2 FS $3 FS $4 FS $5
	planned[key] = 1
	order[++nkeys] = key
	row = $3 FS $4 FS $5
	if (!(row in rows)) { rows[row] = 1; row_order[++nrows] = row }
	next
}
ARGIND == 3 && $8 > 0 {
	key = $1 FS $2 FS $3 FS $4 FS $5
	runs[key]++
	mbps[key] = mbps[key] " " $7 / $8 / 1e6
	iops[key] = iops[key] " " $7 / bytes_of($3) / $8
	# NA: the run moved too little data for its CPU to be measured.
	if ($9 != "NA" && $7 > 0) cpu[key] = cpu[key] " " $9 / ($7 / 1073741824)
	if ($10 + 0 > held[key]) held[key] = $10 + 0
}

# The p2pmem a run's buffers take at least: fio's, a buffer per I/O in
# flight (a pair's each job's, sampled while both hold theirs); the
# engines', a buffer per slot (two per queue entry with read-ahead), but no
# more slots than a stream has chunks (a timed run would otherwise put two
# on one chunk), per stream.
function p2p_need(kind, chunk, depth, streams,    slots, per_stream) {
	slots = depth * (kind ~ /-ra$|^pair-/ ? 2 : 1)
	per_stream = int(bytes_of(range) / bytes_of(chunk) / streams)
	if (kind !~ /^(fio|pair)-/ && slots > per_stream) slots = per_stream
	return bytes_of(chunk) * slots * streams
}

END {
	res = out "/results.csv"
	print "kind,mode,chunk,depth,streams,runs,MBps_median,MBps_min,MBps_max,iops_median,cpu_s_per_GiB_median,p2p_held_max" > res
	printf "%-10s %-5s %5s %5s %7s %4s %9s %17s %9s %9s %10s\n", "kind", "mode", "chunk",
		"depth", "streams", "runs", "MB/s", "(min-max)", "IOPS", "CPU s/GiB", "p2p held"
	for (i = 1; i <= nkeys; i++) {
		k = order[i]
		split(k, f, FS)
		if (runs[k] < reps) {
			printf "MISSING   %s,%s %s depth %s streams %s: %d of %d runs\n", f[1], f[2],
				f[3], f[4], f[5], runs[k], reps
			problems = problems "\n- " f[1] ":" f[2] " at " f[3] ", depth " f[4] ", " f[5] \
				" stream(s): " runs[k] + 0 " of " reps " runs"
			status = 1
		}
		if (!runs[k]) continue
		if (f[2] == "p2p" && held[k] < p2p_need(f[1], f[3], f[4], f[5])) {
			printf "NOT P2P   %s,%s %s depth %s streams %s held %d bytes of p2pmem at most, needs %d\n",
				f[1], f[2], f[3], f[4], f[5], held[k], p2p_need(f[1], f[3], f[4], f[5])
			problems = problems "\n- " f[1] ":p2p at " f[3] ", depth " f[4] ": held " \
				held[k] " bytes of p2pmem, its buffers need " p2p_need(f[1], f[3], f[4], f[5])
			status = 1
		}
		M[k] = median(mbps[k]); I[k] = median(iops[k]); C[k] = median(cpu[k])
		print k, runs[k], M[k], extreme(mbps[k], 0), extreme(mbps[k], 1), I[k], C[k], held[k] + 0 > res
		printf "%-10s %-5s %5s %5s %7s %4d %9.2f %8.2f-%-8.2f %9.0f %9s %10d\n", f[1], f[2], f[3],
			f[4], f[5], runs[k], M[k], extreme(mbps[k], 0), extreme(mbps[k], 1), I[k],
			C[k] == "" ? "n/a" : sprintf("%.2f", C[k]), held[k]
	}
	close(res)
	targets()
	summary()
	plot_data()
	exit status
}

function figure(name, k) {
	if (!(k in M)) return ""
	if (name == "MBps") return M[k]
	if (name == "IOPS") return I[k]
	return C[k]
}

# A baseline: PEER:MODE, or min(...) or sum(...) of several; "" when one
# is missing from the row.
function baseline(expr, row, name,    fn, list, p, n, i, v, pm, acc) {
	fn = ""
	if (match(expr, /^(min|sum)\((.*)\)$/, p)) { fn = p[1]; expr = p[2] }
	n = split(expr, list, ",")
	for (i = 1; i <= n; i++) {
		split(list[i], pm, ":")
		v = figure(name, pm[1] FS pm[2] FS row)
		if (v == "") return ""
		if (i == 1) acc = v
		else if (fn == "min") acc = v < acc ? v : acc
		else acc += v
	}
	return acc
}

function row_matches(row, pattern,    r, p, i) {
	split(row, r, FS); split(pattern, p, ",")
	for (i = 1; i <= 3; i++)
		if (p[i] != "*" && p[i] != r[i]) return 0
	return 1
}

function unit(name) { return name == "MBps" ? "MB/s" : name == "IOPS" ? "IOPS" : "CPU s/GiB" }

function targets(    t, j, row, s, b, r, met, sp, tgt, desc, found) {
	tgt = out "/targets.csv"
	print "target,chunk,depth,streams,figure,subject,subject_value,baseline,baseline_value,ratio,goal,met" > tgt
	print "\ntargets (tests/bench/targets; ratios between runs of one boot):"
	for (t = 1; t <= nt; t++) {
		found = 0
		for (j = 1; j <= nrows; j++) {
			row = row_order[j]
			if (!row_matches(row, T_rows[t])) continue
			split(T_subj[t], sp, ":")
			s = figure(T_fig[t], sp[1] FS sp[2] FS row)
			b = baseline(T_base[t], row, T_fig[t])
			if (s == "" || b == "" || b == 0) continue
			r = s / b
			found++
			met = T_op[t] == ">=" ? r >= T_goal[t] : r <= T_goal[t]
			split(row, rr, FS)
			print T_id[t], rr[1], rr[2], rr[3], T_fig[t], T_subj[t], s, T_base[t], b, r,
				T_op[t] T_goal[t], met ? "yes" : "no" > tgt
			desc = sprintf("%-15s %-5s depth %-3s streams %s  %s %s = %5.2f x %s  %s", T_id[t],
				rr[1], rr[2], rr[3], T_subj[t], unit(T_fig[t]), r, T_base[t],
				met ? "met" : "MISSED (goal " T_op[t] " " T_goal[t] ")")
			print "  " desc
			nres++
			R_id[nres] = T_id[t]; R_row[nres] = rr[1] ", depth " rr[2] ", " rr[3] " stream" (rr[3] == 1 ? "" : "s")
			R_txt[nres] = sprintf("%.2f", r); R_goal[nres] = T_op[t] " " T_goal[t]; R_met[nres] = met
			R_subj[nres] = T_subj[t]; R_base[nres] = T_base[t]; R_fig[nres] = unit(T_fig[t])
			R_sv[nres] = s; R_bv[nres] = b
		}
		if (!found) {
			printf "  %-15s %s: not evaluated (no row of the plan has both %s and %s)\n",
				T_id[t], T_rows[t], T_subj[t], T_base[t]
			unevaluated = unevaluated "\n- " T_id[t] " at " T_rows[t] ": no row of this run has both " \
				T_subj[t] " and " T_base[t]
		}
	}
	close(tgt)
}

function cell(kind, mode, row,    k) {
	k = kind FS mode FS row
	if (!(k in planned)) return ""
	if (!(k in M)) return "missing"
	return sprintf("%.2f", M[k])
}

function fmt(v) { return v >= 100 ? sprintf("%.0f", v) : sprintf("%.2f", v) }

function summary(    md, j, row, rr, mode, kinds, n, i, line, any, nm, nmet) {
	md = out "/summary.md"
	n = split("module module-ra module-bound uring uring-ra sync fio-read fio-write pair-read pair-write", kinds, " ")
	print "Latest `make bench`: " date ", guest kernel " kernel ", " reps \
		" repetitions of " dur " s each in one boot, order shuffled per repetition." > md
	print "" > md
	print "Throughput, MB/s (median; the spread is in results.csv):" > md
	print "" > md
	line = "| chunk | depth | streams | memory |"
	for (i = 1; i <= n; i++) line = line " " kinds[i] " |"
	print line > md
	line = "| --- | --- | --- | --- |"
	for (i = 1; i <= n; i++) line = line " --- |"
	print line > md
	for (j = 1; j <= nrows; j++) {
		row = row_order[j]
		split(row, rr, FS)
		split("p2p host", modes, " ")
		for (mi = 1; mi <= 2; mi++) {
			mode = modes[mi]
			any = 0
			line = "| " rr[1] " | " rr[2] " | " rr[3] " | " mode " |"
			for (i = 1; i <= n; i++) {
				c = cell(kinds[i], mode, row)
				if (c != "") any = 1
				line = line " " c " |"
			}
			if (any) print line > md
		}
	}
	both_at_once(md)
	print "" > md
	print "Targets (tests/bench/targets):" > md
	print "" > md
	print "| target | row | subject | baseline | ratio | goal | |" > md
	print "| --- | --- | --- | --- | --- | --- | --- |" > md
	for (i = 1; i <= nres; i++) {
		print "| " R_id[i] " | " R_row[i] " | " R_subj[i] " " fmt(R_sv[i]) " | " R_base[i] " " \
			fmt(R_bv[i]) " | " R_txt[i] " | " R_goal[i] " | " (R_met[i] ? "met" : "**missed**") " |" > md
		nm += R_met[i]
	}
	print "" > md
	print nm + 0 " of " nres + 0 " met." > md
	if (unevaluated != "")
		print "\nNot evaluated:" unevaluated > md
	if (status) {
		print "" > md
		print "**Incomplete run:**" problems > md
	}
	close(md)
}

# What the bed does of a read and a write at once (fio-pair), against each
# alone: a copy needs both.  Shares summing to about 1 mean the bed does
# one or the other, whatever the engine; about 2, both in full.
function both_at_once(md,    j, row, rr, r, w, pr, pw, header) {
	for (j = 1; j <= nrows; j++) {
		row = row_order[j]
		r = figure("MBps", "fio-read" FS "p2p" FS row); w = figure("MBps", "fio-write" FS "p2p" FS row)
		pr = figure("MBps", "pair-read" FS "p2p" FS row); pw = figure("MBps", "pair-write" FS "p2p" FS row)
		if (r == "" || w == "" || pr == "" || pw == "" || r <= 0 || w <= 0) continue
		if (!header++) {
			print "" > md
			print "Reading and writing at once (fio-pair: fio reading into p2pmem from the source and writing out of it to the destination together, each at the row's depth), as shares of each alone; a sum near 1 means the bed does one or the other, near 2 both:" > md
			print "" > md
			print "| chunk | depth | pair-read / fio-read | pair-write / fio-write | sum |" > md
			print "| --- | --- | --- | --- | --- |" > md
		}
		split(row, rr, FS)
		printf "| %s | %s | %.2f | %.2f | %.2f |\n", rr[1], rr[2], pr / r, pw / w, pr / r + pw / w > md
	}
}

# Throughput by chunk size (depth DEPTH) and by depth (CHUNK), one stream.
function plot_data(    pc, pd, j, row, rr, line, cols, n, i) {
	n = split("module:p2p module-ra:p2p uring:p2p fio-read:p2p fio-write:p2p module:host", cols, " ")
	pc = out "/plot_chunk.dat"; pd = out "/plot_depth.dat"
	print "# chunk_bytes module_p2p module_ra_p2p uring_p2p fio_read_p2p fio_write_p2p module_host" | "sort -n > " pc
	print "# depth module_p2p module_ra_p2p uring_p2p fio_read_p2p fio_write_p2p module_host" | "sort -n > " pd
	for (j = 1; j <= nrows; j++) {
		row = row_order[j]
		split(row, rr, FS)
		if (rr[3] != 1) continue
		line = ""
		for (i = 1; i <= n; i++) {
			split(cols[i], pm, ":")
			c = cell(pm[1], pm[2], row)
			line = line " " (c == "" || c == "missing" ? "NaN" : c)
		}
		if (rr[2] == depth) print bytes_of(rr[1]) line | "sort -n > " pc
		if (rr[1] == chunk) print rr[2] line | "sort -n > " pd
	}
	close("sort -n > " pc); close("sort -n > " pd)
}
