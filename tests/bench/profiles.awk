# gawk -f profiles.awk -v dir=DIR -v secs=S NAME...
# The profiled runs side by side, as a Markdown table for summary.md: how
# much of a host core each of QEMU's threads kept busy (the "cores," lines
# of DIR/profile-qemu-NAME.txt: its main loop, which runs every NVMe
# model and so every DMA into and out of the CMB; the vCPUs; the block
# layer's workers), how idle the guest was and where its busy time went
# (DIR/profile-guest-NAME.txt), and how often a DMA waited for QEMU's one
# bounce buffer ("bounce-waits,", bench.sh).  A thread near 1.00 is what the
# run waited on, as is QEMU in all near the host's cores.
BEGIN {
	print "Where the time went, in the profiled runs (" secs " s each, after the measured ones; perf in the guest, QEMU's threads from the host):"
	print ""
	print "| run | QEMU main loop | vCPUs | block workers | QEMU in all | waits for the bounce buffer /s | guest idle | guest's busiest function |"
	print "| --- | --- | --- | --- | --- | --- | --- | --- |"
	for (i = 1; i < ARGC; i++) row(ARGV[i])
	exit
}

function row(name,    f, line, a, main, vcpu, workers, all, waits, idle, top, seen) {
	f = dir "/profile-qemu-" name ".txt"
	main = vcpu = workers = all = 0
	waits = "n/a"
	while ((getline line < f) > 0) {
		if (line ~ /^bounce-waits,/) waits = substr(line, 14)
		if (line !~ /^cores,/) continue
		seen = 1
		split(line, a, ",")
		all += a[3]
		if (a[2] ~ /^CPU [0-9]+\/TCG/) vcpu += a[3]
		else if (a[2] == "worker") workers += a[3]
		else if (a[2] ~ /^qemu-system/) main += a[3]
	}
	close(f)
	f = dir "/profile-guest-" name ".txt"
	idle = top = ""
	while ((getline line < f) > 0) {
		if (line ~ /^comm,/ && line ~ / swapper *$/) idle = pct(line)
		if (line ~ /^sym,/ && line !~ /default_idle/ && top == "")
			top = gensub(/^sym, *([0-9.]+%) +\[.\] +([^ ]+).*/, "\\2 (\\1)", 1, line)
	}
	close(f)
	printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", name, cores(seen, main), cores(seen, vcpu),
		cores(seen, workers), cores(seen, all), waits, idle == "" ? "n/a" : idle, top == "" ? "n/a" : top
}

function cores(seen, v) { return seen ? sprintf("%.2f", v) : "n/a" }

function pct(line,    m) {
	return match(line, /[0-9.]+%/, m) ? m[0] : ""
}
