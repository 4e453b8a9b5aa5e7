package capacity

import (
	"fmt"
	"net"
	"syscall"
)

// blockingConn is a TCP connection on a blocking socket, read and written
// with plain system calls: the load client then costs one write and one
// read per request, without the runtime's network poller.
type blockingConn struct{ fd int }

// dial connects to host (an IPv4 host:port) on a blocking socket with
// TCP_NODELAY.
func dial(host string) (conn, error) {
	addr, err := net.ResolveTCPAddr("tcp4", host)
	if err != nil {
		return nil, err
	}
	ip4 := addr.IP.To4()
	if ip4 == nil {
		return nil, fmt.Errorf("%s is not an IPv4 address", host)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	sa := &syscall.SockaddrInet4{Port: addr.Port}
	copy(sa.Addr[:], ip4)
	if err := syscall.Connect(fd, sa); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	_ = syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_NODELAY, 1)
	return &blockingConn{fd: fd}, nil
}

func (c *blockingConn) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(c.fd, p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		if n == 0 && len(p) > 0 {
			return 0, errEOF
		}
		return n, nil
	}
}

func (c *blockingConn) Write(p []byte) (int, error) {
	written := 0
	for written < len(p) {
		n, err := syscall.Write(c.fd, p[written:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return written, err
		}
		written += n
	}
	return written, nil
}

// Stop ends a read or write in progress from another goroutine.
func (c *blockingConn) Stop() { _ = syscall.Shutdown(c.fd, syscall.SHUT_RDWR) }

func (c *blockingConn) Close() error { return syscall.Close(c.fd) }
