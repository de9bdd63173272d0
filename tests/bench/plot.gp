# Throughput against chunk size and queue depth, module against baselines.
# gnuplot -e "dir='bench-results'" plot.gp
set terminal pngcairo size 1400,560 font ",11"
set output dir."/throughput.png"
set multiplot layout 1,2 title "p2pdma-harness in the QEMU bed (emulated CMB: compare ratios, not absolute figures)"
set datafile missing "NaN"
set grid
set key top left
set ylabel "MB/s (median)"
set logscale x 2
set logscale y 10
set xtics ("4k" 4096, "16k" 16384, "64k" 65536, "256k" 262144, "1M" 1048576)
set xlabel "chunk size, queue depth 16"
set title "by chunk size (log scale)"
plot dir."/plot_chunk.dat" u 1:3 w lp lw 2 t "module, read-ahead, p2p (switch CMB)", \
     "" u 1:2 w lp t "module, p2p", \
     "" u 1:4 w lp dt 3 t "io_uring engine, p2p", \
     "" u 1:5 w lp dt 2 t "fio read into p2pmem", \
     "" u 1:6 w lp dt 2 t "fio write out of p2pmem", \
     "" u 1:7 w lp t "module, host memory"
unset logscale y
set xtics auto
set xlabel "queue depth, 64k chunks"
set title "by queue depth"
plot dir."/plot_depth.dat" u 1:3 w lp lw 2 t "module, read-ahead, p2p", \
     "" u 1:2 w lp t "module, p2p", \
     "" u 1:4 w lp dt 3 t "io_uring engine, p2p", \
     "" u 1:5 w lp dt 2 t "fio read into p2pmem", \
     "" u 1:6 w lp dt 2 t "fio write out of p2pmem"
unset multiplot
