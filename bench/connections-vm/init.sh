#!/bin/busybox sh
# The VM's init (bench/connections-vm/run fills in @CONNECTIONS@ and @HOLD@).
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
ip link set lo up
ip addr add 127.0.0.1/8 dev lo
echo "1024 65000" > /proc/sys/net/ipv4/ip_local_port_range
echo 4096 > /proc/sys/net/core/somaxconn
ulimit -n 400000
echo "VM: $(nproc) CPUs, $(grep MemTotal /proc/meminfo | tr -s ' '), file limit $(ulimit -n)"
cd /data
# Emulation is tens of times slower than the machine itself: pings every 15 s from and to
# 100,000 connections would be most of its work, so both sides ping every 120 s (the hold
# is longer, so every connection is pinged), and a late ping closes nobody.
/bin/chatserver --port 5000 --data-dir /data --log-level warn --max-group-members 0 \
  --hub-max-connections-per-user 100000 --hub-keep-alive 120 --hub-client-timeout 600 \
  --login-burst 100000 --login-per-minute 100000 --register-burst 1000000 \
  --register-per-minute 1000000 --max-connections-per-address 0 \
  --hub-connection-tokens-per-address 10000000 > /data/server.log 2>&1 &
server=$!
sleep 5
/bin/chat-bench connections --url http://127.0.0.1:5000 -n @CONNECTIONS@ --hold @HOLD@ \
  --server-pid $server --ping-interval 120 --conns-per-user 10000 --connect-deadline 3500 \
  --connect-timeout 600 --connect-concurrency 64 --json /data/result.json 2>&1
echo "RESULT-JSON $(cat /data/result.json)"
poweroff -f
