//go:build !linux

package capacity

import (
	"net"
	"time"
)

type netConn struct{ net.Conn }

// dial connects to host through the net package.
func dial(host string) (conn, error) {
	c, err := net.Dial("tcp", host)
	if err != nil {
		return nil, err
	}
	return netConn{c}, nil
}

// Stop ends a read or write in progress from another goroutine.
func (c netConn) Stop() { _ = c.SetDeadline(time.Unix(1, 0)) }
