# Turns raw.csv (kind,mode,chunk,depth,streams,rep,bytes,seconds,cpu_s)
# into results.csv, the terminal table, the data for plot.gp, and the
# targets of issue 6 as ratios between figures of the same run.
BEGIN { FS = OFS = "," }

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

$8 > 0 {
	key = $1 OFS $2 OFS $3 OFS $4 OFS $5
	if (!(key in runs)) order[++nkeys] = key
	runs[key]++
	mbps[key] = mbps[key] " " $7 / $8 / 1e6
	iops[key] = iops[key] " " $7 / bytes_of($3) / $8
	# NA: the run moved too little data for its CPU to be measured.
	if ($9 != "NA" && $7 > 0) cpu[key] = cpu[key] " " $9 / ($7 / 1073741824)
}

END {
	res = out "/results.csv"
	print "kind,mode,chunk,depth,streams,runs,MBps_median,MBps_min,MBps_max,iops_median,cpu_s_per_GiB_median" > res
	printf "%-10s %-7s %6s %5s %7s %4s %10s %17s %10s %10s\n", "kind", "mode", "chunk",
		"depth", "streams", "runs", "MB/s", "(min-max)", "IOPS", "CPU s/GiB"
	for (i = 1; i <= nkeys; i++) {
		k = order[i]
		split(k, f, OFS)
		M[k] = median(mbps[k]); I[k] = median(iops[k]); C[k] = median(cpu[k])
		print k, runs[k], M[k], extreme(mbps[k], 0), extreme(mbps[k], 1), I[k], C[k] > res
		printf "%-10s %-7s %6s %5s %7s %4d %10.2f %8.2f-%-8.2f %10.0f %10s\n", f[1], f[2], f[3],
			f[4], f[5], runs[k], M[k], extreme(mbps[k], 0), extreme(mbps[k], 1), I[k],
			C[k] == "" ? "n/a" : sprintf("%.2f", C[k])
		if (f[5] == 1) {
			chunks[f[3]] = bytes_of(f[3])
			depths[f[4]] = f[4] + 0
		}
	}
	targets()
	plot_data()
}

function has(k) { return k in M }

function targets(    c, d, t, k, rd, wr, ceiling, r, tgt) {
	tgt = out "/targets.csv"
	print "target,chunk,depth,streams,module,baseline,ratio,goal,met" > tgt
	print "\ntargets (module p2p copy through the switch CMB, same run):"
	for (c in chunks) for (d in depths) {
		k = "module,p2p," c "," d ",1"
		rd = "fio-read,p2p," c "," d ",1"; wr = "fio-write,p2p," c "," d ",1"
		if (!has(k) || !has(rd) || !has(wr)) continue
		ceiling = M[rd] < M[wr] ? M[rd] : M[wr]
		r = M[k] / ceiling
		print "throughput/ceiling", c, d, 1, M[k], ceiling, r, ">=0.90", (r >= 0.9 ? "yes" : "NO") > tgt
		printf "  %-6s depth %-3s throughput %8.2f MB/s = %5.2f x the slower of fio read-into/write-out-of p2pmem (%.2f MB/s)  %s\n",
			c, d, M[k], r, ceiling, r >= 0.9 ? "met" : "MISSED (goal 0.90)"
		# In the bed one emulator serves both directions of the CMB, so a
		# copy's reads and writes share it: 1/(1/R + 1/W) is its real roof.
		printf "  %-6s depth %-3s                       = %5.2f x fio's read and write one after the other (%.2f MB/s)\n",
			c, d, M[k] * (1 / M[rd] + 1 / M[wr]), 1 / (1 / M[rd] + 1 / M[wr])
		if (C[k] != "" && C[rd] != "" && C[wr] != "") {
			r = C[k] / (C[rd] + C[wr])
			print "cpu/fio_cpu", c, d, 1, C[k], C[rd] + C[wr], r, "<=0.5", (r <= 0.5 ? "yes" : "NO") > tgt
			printf "  %-6s depth %-3s CPU %6.2f s/GiB = %5.2f x fio's read+write (%.2f s/GiB)  %s\n",
				c, d, C[k], r, C[rd] + C[wr], r <= 0.5 ? "met" : "MISSED (goal 0.5)"
		}
	}
	for (i = 1; i <= nkeys; i++) {
		split(order[i], f, OFS)
		if (f[1] != "user" || f[2] != "p2p" || f[3] != "4k") continue
		t = f[5]
		k = "module,p2p,4k," d_default() "," t
		if (!has(k)) continue
		r = I[k] / I[order[i]]
		print "iops/user_iops", "4k", d_default(), t, I[k], I[order[i]], r, ">=2", (r >= 2 ? "yes" : "NO") > tgt
		printf "  4k     %d stream%s IOPS %8.0f = %5.2f x the synchronous userspace copy (%.0f)  %s\n",
			t, t == 1 ? " " : "s", I[k], r, I[order[i]], r >= 2 ? "met" : "MISSED (goal 2)"
	}
}

# The queue depth of the chunk sweep: the one most configurations share.
function d_default(    i, best, n, cnt) {
	for (i = 1; i <= nkeys; i++) {
		split(order[i], f, OFS)
		if (f[1] == "module" && f[3] == "4k") cnt[f[4]]++
	}
	for (n in cnt) if (!best || cnt[n] > cnt[best]) best = n
	return best
}

function plot_data(    c, d, kinds, j, line, k, key) {
	split("module,p2p module,p2p-dst module,host fio-read,p2p fio-write,p2p user,p2p", kinds, " ")
	pc = out "/plot_chunk.dat"; pd = out "/plot_depth.dat"
	print "# chunk_bytes module_p2p module_p2p_dst module_host fio_read_p2p fio_write_p2p user_p2p" > pc
	n = asort(chunks, sorted)
	for (j = 1; j <= n; j++) {
		for (c in chunks) if (chunks[c] == sorted[j]) key = c
		line = sorted[j]
		for (k = 1; k <= 6; k++) {
			split(kinds[k], kk, ",")
			line = line " " find(kk[1], kk[2], key, kk[1] == "user" ? 1 : d_default())
		}
		print line > pc
	}
	print "# depth module_p2p module_host fio_read_p2p fio_write_p2p" > pd
	n = asort(depths, sortd)
	for (j = 1; j <= n; j++) {
		c = plot_chunk()
		print sortd[j] " " find("module", "p2p", c, sortd[j]) " " find("module", "host", c, sortd[j]) \
			" " find("fio-read", "p2p", c, sortd[j]) " " find("fio-write", "p2p", c, sortd[j]) > pd
	}
}

function find(kind, mode, c, d,    k) {
	k = kind "," mode "," c "," d ",1"
	return has(k) ? M[k] : "NaN"
}

# The chunk of the depth sweep: the one with the most depths measured.
function plot_chunk(    i, cnt, best, c) {
	for (i = 1; i <= nkeys; i++) {
		split(order[i], f, OFS)
		if (f[1] == "module" && f[2] == "p2p") cnt[f[3]]++
	}
	for (c in cnt) if (!best || cnt[c] > cnt[best]) best = c
	return best
}
